import { err, ok, type Result } from '@/lib/result';
import { normalizeEmail } from '../policy';
import { decodeEntities, htmlToMarkdown } from './html';
import { finishImport } from './order';
import type { ImportedComment, ImportOptions, ImportResult } from './types';
import { asArray, asRecord, attributeOf, parseUtcDate, parseXmlDocument, slugFromUrl, textOf } from './xml';
import { checkFields, isAuthorEmail } from './fields';
import { elementLine, lineCounter } from './lines';

type Context = { options: ImportOptions; slugByThread: Map<string, string>; warnings: string[]; lineOf: (node: unknown) => number };

/** Reads a Disqus XML export: threads become issue slugs by their link, posts become comments. */
export function parseDisqus(xml: string, options: ImportOptions): Result<ImportResult, 'invalid'> {
  const doc = parseXmlDocument(xml);
  if (!doc.ok) return doc;
  const root = asRecord(doc.value['disqus']);
  if (!root) return err('invalid', { file: ['Not a Disqus export: the root element is not <disqus>'] });

  const lineAt = lineCounter(xml);
  const context: Context = { options, slugByThread: new Map(), warnings: [], lineOf: (node) => elementLine(node, lineAt) };
  for (const thread of asArray(root['thread'])) {
    const id = attributeOf(thread, 'dsq:id');
    const slug = slugFromUrl(textOf(asRecord(thread)?.['link']));
    if (id !== '' && slug !== '') context.slugByThread.set(id, slug);
  }
  const comments = asArray(root['post']).flatMap((post) => readPost(asRecord(post) ?? {}, context) ?? []);
  return ok(finishImport(checkFields(comments, options, context.warnings), context.warnings));
}

function readPost(post: Record<string, unknown>, context: Context): ImportedComment | null {
  const id = attributeOf(post, 'dsq:id');
  const line = context.lineOf(post);
  if (id === '') {
    context.warnings.push(`line ${line}: skipped a post without a dsq:id`);
    return null;
  }
  const threadId = attributeOf(post['thread'], 'dsq:id');
  const slug = context.slugByThread.get(threadId);
  if (slug === undefined) {
    context.warnings.push(`line ${line}: skipped post ${id}: its thread ${threadId || '(none)'} has no usable link`);
    return null;
  }
  const createdAt = parseUtcDate(textOf(post['createdAt']));
  if (!createdAt) {
    context.warnings.push(`line ${line}: skipped post ${id}: it has no readable createdAt`);
    return null;
  }

  const author = asRecord(post['author']) ?? {};
  const authorName = decodeEntities(textOf(author['name'])) || null;
  const email = textOf(author['email']);
  const authorEmail = email === '' ? null : normalizeEmail(email);
  // A guest's name and email are whatever they typed; only a Disqus account can be the author,
  // and only by an address the author named (an account's name or username proves nothing).
  const signedIn = textOf(author['isAnonymous']) !== 'true';
  const parent = attributeOf(post['parent'], 'dsq:id');

  return {
    source: 'disqus',
    externalId: id,
    line,
    parentExternalId: parent === '' ? null : parent,
    issueSlug: slug,
    authorName,
    authorEmail,
    isAuthor: signedIn && isAuthorEmail(authorEmail, context.options),
    body: htmlToMarkdown(textOf(post['message'])),
    createdAt,
    // Disqus exports carry no "pending" state: anything neither spam nor deleted was shown.
    status: textOf(post['isSpam']) === 'true' ? 'spam' : textOf(post['isDeleted']) === 'true' ? 'deleted' : 'published',
  };
}
