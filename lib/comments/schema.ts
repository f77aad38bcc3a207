import { z } from 'zod';

/** A comment's moderation state: the only values its `status` column holds. */
export const COMMENT_STATUSES = ['pending', 'published', 'spam', 'deleted'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** Limits a reader sees in the form and the server enforces. */
export const COMMENT_LIMITS = { name: 80, email: 254, body: 10_000 } as const;

/** Form fields arrive as strings; an empty one means "not given". */
const optionalText = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

// Names refuse what cannot be seen or reorders what can: controls, format characters (zero-width,
// bidi overrides and isolates, soft hyphen, BOM), line separators and other default-ignorable
// code points (Hangul fillers, combining grapheme joiner…). Only the emoji/text presentation
// selectors U+FE0E/U+FE0F are kept ("Zoë ❤️"); name comparison ignores them as well.
const NO_CONTROL_CHARS = /^(?:[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|[\uFE0E\uFE0F])*$/u;

export const commentIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,40}$/, { error: 'Unknown comment' });

/** Everything a reader sends to post a comment or a reply (the form and the API alike). */
export const createCommentSchema = z.object({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'Unknown issue' }),
  parentId: optionalText(commentIdSchema),
  name: optionalText(
    z
      .string()
      .trim()
      .max(COMMENT_LIMITS.name, { error: `Name must be at most ${COMMENT_LIMITS.name} characters` })
      .regex(NO_CONTROL_CHARS, { error: 'Name contains characters that are not allowed' }),
  ),
  email: optionalText(
    z
      .string()
      .trim()
      .max(COMMENT_LIMITS.email, { error: 'Email is too long' })
      .pipe(z.email({ error: 'Enter a valid email address, or leave Email empty' })),
  ),
  body: z
    .string({ error: 'Write a comment before posting' })
    .trim()
    .min(1, { error: 'Write a comment before posting' })
    .max(COMMENT_LIMITS.body, { error: `Comments can be at most ${COMMENT_LIMITS.body.toLocaleString('en')} characters` }),
  notifyReplies: z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean()),
  /** Honeypot: a field people never see; bots fill it. */
  website: z.string().optional(),
  /**
   * Signed by the server (lib/comments/form-token.ts): proves the form came from this site, for
   * which issue and since when. The minimum time before posting is counted from it alone: a
   * client-reported elapsed time proved nothing and broke forms without JavaScript.
   */
  formToken: z.string().max(500).optional(),
});

export type CreateCommentInput = z.infer<typeof createCommentSchema>;

/** A commenter editing their own comment within the edit window, or the author editing any. */
export const editCommentSchema = z.object({
  body: createCommentSchema.shape.body,
});
export type EditCommentInput = z.infer<typeof editCommentSchema>;

/** What the author can do to a comment from /admin/comments. */
export const moderationActionSchema = z.object({
  action: z.enum(['approve', 'spam', 'delete', 'restore', 'block-ip', 'block-email']),
  id: commentIdSchema,
});
export type ModerationActionInput = z.infer<typeof moderationActionSchema>;

/** Field messages for a form from a zod error: `{ body: ['Write a comment before posting'] }`. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
