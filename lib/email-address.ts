/**
 * An email address as Masthead stores it: trimmed, with the domain lower-cased. The local part
 * is kept as typed (it may be case-sensitive). Comments and subscriptions share this one rule.
 */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}
