import { renderAdminNav } from './nav';
import { html, raw, type Html } from '@/lib/html/html';
import type { CommentRow } from '@/lib/comments/moderation';
import type { CommentStatus } from '@/lib/comments/schema';
import { displayName } from '@/lib/comments/thread';
import { renderDocument } from '@/components/ui/document';
import type { SiteInfo } from '@/components/ui/chrome';

const TABS: Array<[CommentStatus, string]> = [['pending', 'Pending'], ['published', 'Published'], ['spam', 'Spam'], ['deleted', 'Deleted']];

type Props = {
  site: SiteInfo;
  status: CommentStatus;
  query: string;
  counts: Record<CommentStatus, number>;
  comments: CommentRow[];
  titles: Map<string, string>;
  bodyHtml: (body: string) => string;
  formToken: (slug: string) => string;
  notice?: string | undefined;
};

function action(id: string, name: string, label: string, status: CommentStatus): Html {
  return html`<form method="post" action="/admin/comments/action"><input type="hidden" name="id" value="${id}"><input type="hidden" name="action" value="${name}"><input type="hidden" name="back" value="${status}"><button type="submit">${label}</button></form>`;
}

/** /admin/comments: the moderation queue with every action inline. */
export function renderModerationPage(p: Props): string {
  const items = p.comments.map((c) => {
    const who = displayName(c.authorName);
    return html`<li class="thread"><article class="comment${c.isAuthor ? ' comment-by-author' : ''}" id="comment-${c.id}" aria-labelledby="m-${c.id}">
<header class="comment-meta"><span class="comment-author" id="m-${c.id}">${who}</span>${c.isAuthor ? html` <span class="badge">Author</span>` : ''}
${c.authorEmail ? html`<span>${c.authorEmail}</span>` : ''}
<span>on <a href="/${c.issueSlug}#comment-${c.id}">${p.titles.get(c.issueSlug) ?? c.issueSlug}</a></span>
<time datetime="${c.createdAt.toISOString()}">${c.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>${c.editedAt ? ' (edited)' : ''}</header>
<div class="comment-body">${raw(p.bodyHtml(c.body))}</div>
<div class="comment-actions">
${c.status !== 'published' ? action(c.id, c.status === 'pending' ? 'approve' : 'restore', c.status === 'pending' ? 'Approve' : 'Restore', p.status) : ''}
${c.status !== 'spam' ? action(c.id, 'spam', 'Mark spam', p.status) : ''}
${c.status !== 'deleted' ? action(c.id, 'delete', 'Delete', p.status) : ''}
${c.ipHash && !c.isAuthor ? action(c.id, 'block-ip', 'Block address', p.status) : ''}
${c.authorEmail && !c.isAuthor ? action(c.id, 'block-email', 'Block email', p.status) : ''}
</div>
<details><summary>Edit</summary><form class="comment-form" method="post" action="/admin/comments/edit">
<input type="hidden" name="id" value="${c.id}"><input type="hidden" name="back" value="${p.status}">
<div class="field"><label for="edit-${c.id}">Comment</label><textarea id="edit-${c.id}" name="body" rows="4">${c.body}</textarea></div>
<div class="form-actions"><button type="submit">Save</button></div></form></details>
${c.status === 'published'
  ? html`<details><summary>Reply as author</summary><form class="comment-form" method="post" action="/api/comments">
<input type="hidden" name="slug" value="${c.issueSlug}"><input type="hidden" name="parentId" value="${c.id}"><input type="hidden" name="formToken" value="${p.formToken(c.issueSlug)}">
<div class="field"><label for="reply-${c.id}">Comment</label><textarea id="reply-${c.id}" name="body" rows="4" required></textarea></div>
<div class="form-actions"><button type="submit">Post reply</button></div></form></details>`
  : ''}
</article></li>`;
  });
  return renderDocument({
    site: p.site,
    title: `Comments · Admin · ${p.site.title}`,
    description: 'Moderate comments.',
    canonical: `${p.site.url}/admin/comments`,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<h1 class="page-title">Comments</h1>
${renderAdminNav('/admin/comments')}
<div class="comment-actions"><form method="post" action="/admin/sign-out"><button type="submit">Sign out</button></form>
<form method="post" action="/admin/sign-out-everywhere"><button type="submit">Sign out everywhere</button></form></div>
${p.notice ? html`<p class="notice" role="status">${p.notice}</p>` : ''}
<nav aria-label="Comment status"><ul class="tags">${TABS.map(
  ([s, label]) => html`<li><a href="/admin/comments?status=${s}"${s === p.status ? html` aria-current="page"` : ''}>${label} (${p.counts[s]})</a></li>`,
)}</ul></nav>
<form method="get" action="/admin/comments" role="search" class="comment-form"><input type="hidden" name="status" value="${p.status}">
<div class="field"><label for="q">Search comments</label><input id="q" name="q" value="${p.query}"></div><div class="form-actions"><button type="submit">Search</button></div></form>
<section class="comments" aria-labelledby="queue-title"><h2 id="queue-title">${TABS.find(([s]) => s === p.status)![1]}</h2>
${items.length ? html`<ol class="comment-threads">${items}</ol>` : html`<p>Nothing here.</p>`}</section>`,
  });
}
