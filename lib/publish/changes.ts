import { createHash } from 'node:crypto';
import { adjacentIssues, relatedIssues } from '../content/collections';
import type { Issue } from '../content/load';

/** What a publish changed for readers, by issue slug. */
export type ContentChanges = { added: string[]; changed: string[]; removed: string[]; initial?: boolean };

/** An image's bytes by its address (`/images/…`), to notice an image replaced under the same name. */
export type ImageDigests = ReadonlyMap<string, string>;

type Version = { issues: Issue[]; images: ImageDigests };

/** The issues readers see before and after, compared field by field (body included). */
export function diffIssues(before: Issue[], after: Issue[], images?: { before: ImageDigests; after: ImageDigests }): ContentChanges {
  const old = new Map(before.map((i) => [i.slug, i]));
  const now = new Map(after.map((i) => [i.slug, i]));
  const added = after.filter((i) => !old.has(i.slug)).map((i) => i.slug);
  const removed = before.filter((i) => !now.has(i.slug)).map((i) => i.slug);
  const changed = after
    .filter((i) => old.has(i.slug))
    .filter((i) => ownSignature(old.get(i.slug)!, images?.before) !== ownSignature(i, images?.after))
    .map((i) => i.slug);
  return { added, changed, removed };
}

/**
 * Every page whose bytes may differ between the two versions, and no other: an issue's page shows
 * the issue and its neighbours and related issues ("Other newsletter issues"), so a retitled issue
 * refreshes the pages that list it too. The lists (home, archive, tags, feeds, sitemap) follow any
 * change; a removed issue's page and card are refreshed so that they answer 404.
 */
export function pagesToRefresh(before: Version, after: Version): string[] {
  const oldPages = pageSignatures(before);
  const newPages = pageSignatures(after);
  const issuePages = new Set<string>();
  for (const [slug, signature] of newPages) if (oldPages.get(slug) !== signature) issuePages.add(slug);
  for (const slug of oldPages.keys()) if (!newPages.has(slug)) issuePages.add(slug);
  const { added, changed, removed } = diffIssues(before.issues, after.issues, { before: before.images, after: after.images });
  const cards = new Set([...added, ...changed, ...removed]);
  const tags = new Set([...before.issues, ...after.issues].flatMap((i) => i.tags));
  return [
    '/', '/archive', '/feed.xml', '/atom.xml', '/sitemap.xml',
    ...[...tags].sort().map((t) => `/tags/${t}`),
    ...[...issuePages].sort().map((s) => `/${s}`),
    ...[...cards].sort().map((s) => `/og/${s}`),
  ];
}

function pageSignatures({ issues, images }: Version): Map<string, string> {
  const signatures = new Map<string, string>();
  for (const issue of issues) {
    const { newer, older } = adjacentIssues(issues, issue.slug);
    const exclude = [newer?.slug, older?.slug].filter((s): s is string => !!s);
    const others = [newer, older, ...relatedIssues(issues, issue.slug, 3, exclude)].map((o) => (o ? listing(o) : null));
    signatures.set(issue.slug, digest(JSON.stringify([ownSignature(issue, images), others])));
  }
  return signatures;
}

/** An issue as a list shows it (no body, and not where its file happens to be on disk). */
function listing({ markdown: _body, file: _file, ...rest }: Issue): Omit<Issue, 'markdown' | 'file'> {
  return rest;
}

const signatures = new WeakMap<Issue, WeakMap<ImageDigests | typeof NO_IMAGES, string>>();
const NO_IMAGES = {};

/** An issue's own bytes and its images' (a page and a diff of one publish ask the same twice: remembered). */
function ownSignature(issue: Issue, images?: ImageDigests): string {
  const byImages = signatures.get(issue) ?? new WeakMap();
  signatures.set(issue, byImages);
  let signature = byImages.get(images ?? NO_IMAGES);
  if (signature === undefined) {
    const { file: _file, ...rest } = issue;
    const used = images ? usedImages(issue, images).map((src) => [src, images.get(src)]) : [];
    signature = digest(JSON.stringify([rest, used]));
    byImages.set(images ?? NO_IMAGES, signature);
  }
  return signature;
}

const IMAGES = '/images/';
type ImageIndex = { under: Set<string>; lengths: number[]; other: string[] };
const indexes = new WeakMap<ImageDigests, ImageIndex>();

/**
 * The images an issue shows: its cover, and every image whose address its body contains. Exactly
 * `markdown.includes(src)` for each image, but found from where "/images/" occurs in the body (a
 * few places) instead of scanning 13 KB once per image: 500 issues × 750 images took ~0.5 s a
 * publish, on the path to the new issue going live.
 */
function usedImages(issue: Pick<Issue, 'cover' | 'markdown'>, images: ImageDigests): string[] {
  let index = indexes.get(images);
  if (!index) {
    const srcs = [...images.keys()];
    const under = srcs.filter((src) => src.startsWith(IMAGES));
    index = { under: new Set(under), lengths: [...new Set(under.map((src) => src.length))], other: srcs.filter((src) => !src.startsWith(IMAGES)) };
    indexes.set(images, index);
  }
  const used = new Set<string>();
  if (issue.cover && images.has(issue.cover)) used.add(issue.cover);
  const { markdown } = issue;
  for (let at = markdown.indexOf(IMAGES); at >= 0; at = markdown.indexOf(IMAGES, at + 1)) {
    for (const length of index.lengths) {
      const candidate = markdown.slice(at, at + length);
      if (index.under.has(candidate)) used.add(candidate);
    }
  }
  for (const src of index.other) if (markdown.includes(src)) used.add(src);
  return [...used].sort();
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
