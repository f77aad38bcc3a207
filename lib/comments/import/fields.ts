import { isAuthorName, isReservedName } from '../impersonation';
import { normalizeEmail } from '../policy';
import { COMMENT_LIMITS, createCommentSchema } from '../schema';
import { ANONYMOUS_NAME } from '../thread';
import type { ImportedComment, ImportOptions } from './types';

// An import is held to the comment form's rules, field by field (the same zod schema):
// - text the form would refuse (empty, or longer than the limit): the comment is not imported;
// - an email the form would refuse ("a@x.org, b@y.org"): dropped, the comment kept without
//   reply emails;
// - a name the form would refuse (control, bidi or invisible characters, too long), or one that
//   passes for the author or a site role on a comment that is not the author's: dropped, the
//   comment kept under the anonymous name.
// Each is reported with the line of the file where the comment starts.

const { name: nameSchema, email: emailSchema, body: bodySchema } = createCommentSchema.shape;

/** A value from the file, safe to print in a terminal: quoted, control and format characters escaped. */
export function shown(value: string): string {
  const short = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return `"${short.replace(/[\p{Cc}\p{Cf}\u2028\u2029"\\]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`)}"`;
}

/** The comments that pass the form's rules, repaired where a field can be dropped; problems go to `warnings`. */
export function checkFields(comments: ImportedComment[], options: ImportOptions, warnings: string[]): ImportedComment[] {
  return comments.flatMap((comment) => checkComment(comment, options, warnings) ?? []);
}

function checkComment(c: ImportedComment, options: ImportOptions, warnings: string[]): ImportedComment | null {
  const at = `line ${c.line}: comment ${c.externalId}`;
  const body = bodySchema.safeParse(c.body);
  if (!body.success) {
    const reason = c.body.trim() === '' ? 'it has no text' : `its text is longer than the form's ${COMMENT_LIMITS.body.toLocaleString('en')} characters`;
    warnings.push(`${at} was not imported: ${reason}`);
    return null;
  }
  const email = emailSchema.safeParse(c.authorEmail ?? '');
  if (!email.success) warnings.push(`${at}: the email ${shown(c.authorEmail ?? '')} is not one valid address; imported without an email (no reply emails)`);
  const authorEmail = email.success && email.data !== undefined ? normalizeEmail(email.data) : null;
  // The parsers mark the author only by an address from --author-email; it must survive the check.
  const isAuthor = c.isAuthor && authorEmail !== null;
  const authorName = isAuthor ? c.authorName : checkName(c.authorName, options, at, warnings);
  return {
    ...c,
    body: body.data,
    authorEmail,
    authorName,
    isAuthor,
    notifyReplies: (c.notifyReplies ?? false) && authorEmail !== null,
  };
}

function checkName(name: string | null, options: ImportOptions, at: string, warnings: string[]): string | null {
  const parsed = nameSchema.safeParse(name ?? '');
  if (!parsed.success) {
    warnings.push(`${at}: the name ${shown(name ?? '')} is not allowed (${parsed.error.issues[0]!.message.toLowerCase()}); imported as ${ANONYMOUS_NAME}`);
    return null;
  }
  const value = parsed.data ?? null;
  if (value !== null && (isAuthorName(value, options.authorName) || isReservedName(value, options.authorName))) {
    warnings.push(`${at}: the name ${shown(value)} passes for the author or a site role, and the comment is not from an address given with --author-email; imported as ${ANONYMOUS_NAME}`);
    return null;
  }
  return value;
}

/**
 * Whether an address is one the author named. Names never count: anyone can type the author's
 * name into WordPress or Disqus, and an account's name proves nothing about who holds it.
 */
export function isAuthorEmail(email: string | null, options: ImportOptions): boolean {
  const fold = (s: string) => s.trim().toLowerCase();
  return email !== null && email.trim() !== '' && options.authorEmails.some((a) => fold(a) === fold(email));
}
