import { err, ok, type Result } from '@/lib/result';
import { normalizeEmail } from '../policy';
import { decodeEntities, htmlToMarkdown } from './html';
import { finishImport } from './order';
import type { ImportedComment, ImportOptions, ImportResult } from './types';
import { asArray, asRecord, parseUtcDate, parseXmlDocument, slugFromUrl, textOf } from './xml';
import { checkFields, isAuthorEmail } from './fields';
import { elementLine, lineCounter } from './lines';

// A Map, not an object literal: an approval value like "constructor" must not find Object's.
const STATUS_BY_APPROVAL = new Map<string, ImportedComment['status']>([
  ['1', 'published'],
  ['approve', 'published'],
  ['0', 'pending'],
  ['hold', 'pending'],
  ['spam', 'spam'],
  ['trash', 'deleted'],
  ['post-trashed', 'deleted'],
]);

type Context = { options: ImportOptions; authorUserIds: Set<string>; warnings: string[]; lineOf: (node: unknown) => number };

/** Reads a WordPress WXR export: comments on posts, their threads, moderation state and the author's own. */
export function parseWxr(xml: string, options: ImportOptions): Result<ImportResult, 'invalid'> {
  const doc = parseXmlDocument(xml);
  if (!doc.ok) return doc;
  const channel = asRecord(asRecord(doc.value['rss'])?.['channel']);
  if (!channel) return err('invalid', { file: ['Not a WordPress export: there is no <rss><channel>'] });

  const lineAt = lineCounter(xml);
  const lineOf = (node: unknown) => elementLine(node, lineAt);
  const context: Context = { options, authorUserIds: findAuthorUserIds(channel, options), warnings: [], lineOf };
  const comments: ImportedComment[] = [];
  for (const item of asArray(channel['item'])) comments.push(...readPostComments(asRecord(item) ?? {}, context));
  return ok(finishImport(checkFields(comments, options, context.warnings), context.warnings));
}

/** WordPress users (from <wp:author>) whose account address is one the author named: their signed-in comments are the author's. */
function findAuthorUserIds(channel: Record<string, unknown>, options: ImportOptions): Set<string> {
  const ids = new Set<string>();
  for (const author of asArray(channel['wp:author']).map(asRecord)) {
    const id = textOf(author?.['wp:author_id']);
    if (id !== '' && id !== '0' && isAuthorEmail(textOf(author?.['wp:author_email']) || null, options)) ids.add(id);
  }
  return ids;
}

function readPostComments(item: Record<string, unknown>, context: Context): ImportedComment[] {
  const raw = asArray(item['wp:comment']);
  if (raw.length === 0) return [];
  const postType = textOf(item['wp:post_type']) || 'post';
  const slug = slugFromUrl(textOf(item['wp:post_name'])) || slugFromUrl(textOf(item['link']));
  const label = slug || textOf(item['title']) || '(untitled)';
  if (postType !== 'post') {
    context.warnings.push(`line ${context.lineOf(item)}: skipped ${raw.length} comment(s) on the ${postType} "${label}": only posts are issues`);
    return [];
  }
  if (slug === '') {
    context.warnings.push(`line ${context.lineOf(item)}: skipped ${raw.length} comment(s) on "${label}": the post has no slug or link`);
    return [];
  }
  return raw.flatMap((comment) => readComment(asRecord(comment) ?? {}, slug, context) ?? []);
}

function readComment(c: Record<string, unknown>, slug: string, context: Context): ImportedComment | null {
  const id = textOf(c['wp:comment_id']);
  const type = textOf(c['wp:comment_type']).toLowerCase();
  const line = context.lineOf(c);
  if (id === '') {
    context.warnings.push(`line ${line}: skipped a comment on "${slug}" without a wp:comment_id`);
    return null;
  }
  if (type !== '' && type !== 'comment') {
    context.warnings.push(`line ${line}: skipped ${type} ${id} on "${slug}"`);
    return null;
  }
  const createdAt = readCreatedAt(c, `line ${line}: comment ${id}`, context.warnings);
  if (!createdAt) return null;

  const approval = textOf(c['wp:comment_approved']);
  const status = STATUS_BY_APPROVAL.get(approval);
  if (!status) context.warnings.push(`line ${line}: comment ${id} has the unknown approval "${approval}"; imported as pending`);

  const parent = textOf(c['wp:comment_parent']);
  const userId = textOf(c['wp:comment_user_id']);
  const authorName = decodeEntities(textOf(c['wp:comment_author'])) || null;
  const email = textOf(c['wp:comment_author_email']);
  const authorEmail = email === '' ? null : normalizeEmail(email);
  // Guests type any name and email they like; only a signed-in WordPress user can be the author,
  // and only by an address the author named: the account's (from <wp:author>) or the comment's,
  // which for a signed-in user is the account's address when the comment was written.
  const signedIn = userId !== '' && userId !== '0';
  const isAuthor = signedIn && (context.authorUserIds.has(userId) || isAuthorEmail(authorEmail, context.options));

  return {
    source: 'wordpress',
    externalId: id,
    line,
    parentExternalId: parent === '' || parent === '0' ? null : parent,
    issueSlug: slug,
    authorName,
    authorEmail,
    isAuthor,
    body: htmlToMarkdown(textOf(c['wp:comment_content'])),
    createdAt,
    status: status ?? 'pending',
  };
}

function readCreatedAt(c: Record<string, unknown>, at: string, warnings: string[]): Date | null {
  const gmt = parseUtcDate(textOf(c['wp:comment_date_gmt']));
  if (gmt) return gmt;
  // Very old exports can carry a zero GMT date; the local date is then the best there is.
  const local = parseUtcDate(textOf(c['wp:comment_date']));
  warnings.push(
    local
      ? `${at} has no GMT date; its local date was taken as UTC`
      : `${at} was skipped: it has no readable date`,
  );
  return local;
}
