/**
 * An email address as Masthead stores it: trimmed, with the domain lower-cased. The local part
 * is kept as typed (it may be case-sensitive). Comments and subscriptions share this one rule.
 */
/** The key that tells whether two addresses are one person's (opt-outs, confirmations, "your own comment"). */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function normalizeEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}
