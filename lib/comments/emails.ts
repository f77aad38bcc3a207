import { html, type Html } from '../html/html';
import { EXCERPT_MAX, mailExcerpt, mailName } from '../mail/safe-text';
import type { MailMessage } from '../mail/send';
import type { CommentStatus } from './schema';

type CommentForMail = { id: string; issueSlug: string; authorName: string | null; body: string; status: CommentStatus };
type Site = { url: string; title: string };

// Subjects and sender names are fixed wording: commenter-written text goes only into bodies,
// cleaned, capped (the author's copy longer than a reader's) and, in HTML, escaped by the same
// auto-escaping template as every page (lib/html/html.ts): no value reaches the markup unescaped.
const AUTHOR_EXCERPT_MAX = 2000;
const nameOf = (c: { authorName: string | null }) => mailName(c.authorName);
const quote = (body: string, max = AUTHOR_EXCERPT_MAX) => mailExcerpt(body, max).split('\n').map((l) => `> ${l}`).join('\n');
/** A comment in email HTML: its lines as escaped text (a comment is never markup in a mailbox). */
const htmlBody = (body: string, max = AUTHOR_EXCERPT_MAX): Html[] =>
  mailExcerpt(body, max).split('\n').map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`));
const pendingOf = (c: { status: CommentStatus }) => c.status === 'pending';
const QUOTE_STYLE = 'border-left:3px solid #ccc;margin:0;padding-left:12px;color:#333';

/** To the author: a new comment, with approve/delete links when it waits for moderation. */
export function authorNewCommentEmail(p: {
  site: Site;
  to: string;
  comment: CommentForMail;
  issueTitle: string;
  moderateUrl: (action: 'approve' | 'delete') => string;
  /** reply+<token>@…: answering this email posts a reply as the author (lib/comments/reply-by-email.ts). */
  replyTo?: string | undefined;
}): MailMessage {
  const { site, comment } = p;
  const answer = p.replyTo && !pendingOf(comment)
    ? `To answer, reply to this email: your reply is posted under the comment as the author. Or answer at ${site.url}/admin/comments.`
    : `Answer at ${site.url}/admin/comments.`;
  const link = `${site.url}/${comment.issueSlug}#comment-${comment.id}`;
  const pending = comment.status === 'pending';
  const actions = pending
    ? `\n\nIt is waiting for you:\n  Approve: ${p.moderateUrl('approve')}\n  Delete:  ${p.moderateUrl('delete')}`
    : '';
  return {
    to: p.to,
    subject: `${pending ? 'Waiting for approval' : 'New comment'} on "${p.issueTitle}"`,
    text: `${nameOf(comment)} commented on "${p.issueTitle}":\n\n${quote(comment.body)}\n\n${link}${actions}\n\n${answer}\n\nModerate all comments: ${site.url}/admin/comments\n`,
    html: String(html`<p><strong>${nameOf(comment)}</strong> commented on <a href="${link}">${p.issueTitle}</a>:</p>
<blockquote style="${QUOTE_STYLE}">${htmlBody(comment.body)}</blockquote>
${pending && html`<p>It is waiting for you: <a href="${p.moderateUrl('approve')}">Approve</a> · <a href="${p.moderateUrl('delete')}">Delete</a></p>`}
<p>${answer}</p>
<p><a href="${site.url}/admin/comments">Moderate all comments</a></p>`),
    ...(p.replyTo && !pending ? { replyTo: p.replyTo } : {}),
  };
}

/** To a commenter who asked for replies: someone answered, with a one-click stop link. */
export function replyEmail(p: {
  site: Site;
  to: string;
  reply: CommentForMail & { isAuthor: boolean };
  issueTitle: string;
  stopUrl: string;
  /** reply+<token>@…: answering this email posts a reply under the reader's name. */
  replyTo?: string | undefined;
}): MailMessage {
  const { site, reply } = p;
  const link = `${site.url}/${reply.issueSlug}#comment-${reply.id}`;
  const answer = p.replyTo
    ? `To answer, reply to this email (only your new text is posted, under your name, as if you had written it on the page), or answer on the page: ${link}`
    : `Read and answer: ${link}`;
  const who = reply.isAuthor ? `${nameOf(reply)} (the author)` : `A reader who signed "${nameOf(reply)}"`;
  return {
    to: p.to,
    subject: reply.isAuthor ? `The author replied to your comment on "${p.issueTitle}"` : `New reply to your comment on "${p.issueTitle}"`,
    text: `${who} replied to your comment on "${p.issueTitle}":\n\n${quote(reply.body, EXCERPT_MAX)}\n\n${answer}\n\nStop emails about replies to your comments: ${p.stopUrl}\n`,
    html: String(html`<p>${who} replied to your comment on <a href="${link}">${p.issueTitle}</a>:</p>
<blockquote style="${QUOTE_STYLE}">${htmlBody(reply.body, EXCERPT_MAX)}</blockquote>
${p.replyTo ? html`<p>To answer, reply to this email (only your new text is posted, under your name), or <a href="${link}">answer on the page</a>.</p>` : html`<p><a href="${link}">Read and answer</a></p>`}
<p style="color:#666;font-size:13px"><a href="${p.stopUrl}">Stop emails about replies to your comments</a></p>`),
    headers: { 'List-Unsubscribe': `<${p.stopUrl}>` },
    ...(p.replyTo ? { replyTo: p.replyTo } : {}),
  };
}

/** The one email an address gets before any reply email: fixed wording, nothing a commenter wrote. */
export function replyConfirmationEmail(p: { site: Site; to: string; confirmUrl: string }): MailMessage {
  const { site } = p;
  const ask = `Someone, we hope you, left a comment on ${site.title} (${site.url}) with this address and asked to be emailed when somebody replies.`;
  const ignore = 'If that was not you, ignore this email: nothing more will be sent to you about it. Replies posted before you confirm are not emailed; they are on the page.';
  return {
    to: p.to,
    subject: `Confirm reply emails from ${site.title}`,
    text: `${ask}\n\nTo get those emails, open this link and press the button (it works for 7 days):\n${p.confirmUrl}\n\n${ignore}\n`,
    html: String(html`<p>${ask}</p>
<p><a href="${p.confirmUrl}">Confirm reply emails</a> (the link works for 7 days and asks you to press a button).</p>
<p style="color:#666;font-size:13px">${ignore}</p>`),
  };
}

/** To the author, once a day: every comment since the last digest. */
export function digestEmail(p: { site: Site; to: string; items: Array<{ comment: CommentForMail; issueTitle: string }> }): MailMessage {
  const lines = p.items.map(
    ({ comment, issueTitle }) =>
      `${nameOf(comment)} on "${issueTitle}"${comment.status === 'pending' ? ' (waiting for approval)' : ''}:\n${quote(comment.body)}\n${p.site.url}/${comment.issueSlug}#comment-${comment.id}`,
  );
  return {
    to: p.to,
    subject: `${p.items.length} new comment${p.items.length === 1 ? '' : 's'} on ${p.site.title}`,
    text: `${lines.join('\n\n')}\n\nModerate: ${p.site.url}/admin/comments\n`,
    html: String(html`${p.items.map(
      ({ comment, issueTitle }, i) =>
        html`${i > 0 && '\n'}<p><strong>${nameOf(comment)}</strong> on <a href="${`${p.site.url}/${comment.issueSlug}#comment-${comment.id}`}">${issueTitle}</a>${comment.status === 'pending' && html` <em>(waiting for approval)</em>`}</p><blockquote style="border-left:3px solid #ccc;margin:0 0 16px;padding-left:12px;color:#333">${htmlBody(comment.body)}</blockquote>`,
    )}<p><a href="${p.site.url}/admin/comments">Moderate</a></p>`),
  };
}

/**
 * To someone whose emailed reply was not posted (one a day at most): why, in fixed wording, and
 * where to answer instead. Nothing they wrote is repeated, and it is marked as an automatic answer
 * (RFC 3834) so that their own auto-reply does not answer it.
 */
export function replyRefusedEmail(p: { site: Site; to: string; why: string; answerUrl: string }): MailMessage {
  const text = `Your email reply to ${p.site.title} was not posted: ${p.why}\n\nYou can answer on the site instead: ${p.answerUrl}\n\nThis is the only such note you will get from us today.\n`;
  return {
    to: p.to,
    subject: `Your reply to ${p.site.title} was not posted`,
    text,
    html: String(html`<p>Your email reply to ${p.site.title} was not posted: ${p.why}</p>
<p>You can <a href="${p.answerUrl}">answer on the site</a> instead.</p>
<p style="color:#666;font-size:13px">This is the only such note you will get from us today.</p>`),
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
  };
}
