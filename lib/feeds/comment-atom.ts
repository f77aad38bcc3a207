import { escapeXml } from '../html/xml';
import type { FeedSite } from './feeds';

export type CommentFeedEntry = {
  id: string;
  issueSlug: string;
  issueTitle: string;
  /** The commenter's shown name (never an email address). */
  name: string;
  isAuthor: boolean;
  /** The comment's safe HTML (lib/comments/markdown.ts). */
  html: string;
  createdAt: Date;
  editedAt: Date | null;
};

/** Which comments a feed lists: one issue's, or the whole site's. */
export type CommentFeedScope = { slug: string; title: string } | null;

/** How many comments a feed carries, newest first: a reader polls it, it is not an archive. */
export const COMMENT_FEED_LIMIT = 50;

const x = escapeXml;

/** Where a comment lives: its anchor on the issue page. */
export function commentUrl(siteUrl: string, slug: string, id: string): string {
  return `${siteUrl}/${slug}#comment-${encodeURIComponent(id)}`;
}

/** The addresses of the comment feeds a change to a comment on `slug` touches. */
export function commentFeedPaths(slug: string): string[] {
  return [`/${slug}/comments.xml`, '/comments.xml'];
}

/** The feed's title, also the title of its <link rel="alternate"> in the page head. */
export function commentFeedTitle(site: Pick<FeedSite, 'title'>, scope: CommentFeedScope): string {
  return scope ? `Comments on “${scope.title}”` : `Comments on ${site.title}`;
}

/** An Atom 1.0 feed of published comments (the caller filters), newest first; the author's marked. */
export function buildCommentAtom(site: FeedSite, scope: CommentFeedScope, entries: CommentFeedEntry[]): string {
  const self = scope ? `${site.url}/${scope.slug}/comments.xml` : `${site.url}/comments.xml`;
  const page = scope ? `${site.url}/${scope.slug}#comments` : `${site.url}/`;
  const newest = entries.reduce((max, e) => Math.max(max, (e.editedAt ?? e.createdAt).getTime()), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(site.lang)}">
<title>${x(commentFeedTitle(site, scope))}</title>
<id>${x(self)}</id>
<link href="${x(page)}" rel="alternate" type="text/html"/>
<link href="${x(self)}" rel="self" type="application/atom+xml"/>
<updated>${new Date(newest).toISOString()}</updated>
<author><name>${x(site.author)}</name></author>
${entries.map((e) => renderEntry(site, e)).join('\n')}
</feed>
`;
}

function renderEntry(site: FeedSite, e: CommentFeedEntry): string {
  const url = commentUrl(site.url, e.issueSlug, e.id);
  const who = e.isAuthor ? `${e.name} (Author)` : e.name;
  return `<entry>
<title>${x(`${who} on “${e.issueTitle}”`)}</title>
<link href="${x(url)}" rel="alternate" type="text/html"/>
<id>${x(url)}</id>
<published>${e.createdAt.toISOString()}</published>
<updated>${(e.editedAt ?? e.createdAt).toISOString()}</updated>
<author><name>${x(e.name)}</name>${e.isAuthor ? `<uri>${x(site.url)}/</uri>` : ''}</author>
${e.isAuthor ? '<category term="author" label="Author"/>\n' : ''}<content type="html">${x(e.html)}</content>
</entry>`;
}
