/**
 * The hold between an issue going live and its newsletter going out (pure: no clock, no database).
 * The author's preview says when the send starts and carries the link that cancels it.
 */
import { escapeHtml } from '../html/html';
import type { IssueEmail } from './email';

/** When a send held at `now` is released. */
export function computeReleaseAt(now: Date, holdMinutes: number): Date {
  return new Date(now.getTime() + holdMinutes * 60_000);
}

/** "9 min", "45 s", "1 h 5 min": how long a hold has left, for people. */
export function formatTimeLeft(ms: number): string {
  if (ms <= 0) return 'due now';
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** "2026-12-01 18:40 UTC" */
export function formatUtcMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export type PreviewNotice = { releaseAt: Date; heldAt: Date; readers: number; cancelUrl: string };

/** The sentence at the top of the preview: who gets it, when, and how to stop it. */
export function describeHold(n: PreviewNotice): string {
  const who = `${n.readers.toLocaleString('en')} confirmed subscriber${n.readers === 1 ? '' : 's'}`;
  const left = n.releaseAt.getTime() - n.heldAt.getTime();
  if (left <= 0) return `This is your preview. The issue is being sent to ${who} now (NEWSLETTER_HOLD_MINUTES is 0), so it can no longer be cancelled.`;
  return `This is your preview. The issue goes to ${who} at ${formatUtcMinute(n.releaseAt)} (in ${formatTimeLeft(left)}) unless you cancel the send.`;
}

/** The issue email with the hold's notice and cancel link on top, and "Preview:" in its subject. */
export function addPreviewNotice(email: IssueEmail, n: PreviewNotice): IssueEmail {
  const sentence = describeHold(n);
  const cancellable = n.releaseAt.getTime() > n.heldAt.getTime();
  const link = cancellable ? ` <a href="${escapeHtml(n.cancelUrl)}" style="color:#9a3412;font-weight:700;">Cancel this send</a>` : '';
  const banner = `<div style="margin:0;padding:12px 16px;background:#fff7ed;border-bottom:1px solid #fdba74;font-family:sans-serif;font-size:15px;line-height:1.5;color:#431407;">${escapeHtml(sentence)}${link}</div>`;
  const html = afterBodyTag(email.html, banner);
  const text = `${sentence}\n${cancellable ? `Cancel this send: ${n.cancelUrl}\n` : ''}\n${email.text}`;
  return { ...email, subject: `Preview: ${email.subject}`, html, text };
}

/** Inserts `fragment` right after the `<body …>` tag (a scan: a regex over the whole email backtracks). */
function afterBodyTag(html: string, fragment: string): string {
  const start = html.indexOf('<body');
  const end = start < 0 ? -1 : html.indexOf('>', start);
  return end < 0 ? html : `${html.slice(0, end + 1)}\n${fragment}${html.slice(end + 1)}`;
}
