/**
 * The issue email, rendered once for every reader: the page and text chrome around the body
 * (email-html.ts renders it with inline styles, email-text.ts as plain text); email-mime.ts
 * turns the result into each reader's raw message.
 */
import 'server-only';
import { formatHumanDate } from '../content/dates';
import type { MeasureImage } from '../content/markdown/images';
import { escapeHtml, html, raw } from '../html/html';
import { renderHtmlBody } from './email-html';
import { renderTextBody, underline } from './email-text';
import { FONT, HEADING, MUTED, PAPER, RULE, TEXT } from './email-theme';

/** What an issue email is made from: the issue and the site it belongs to. */
export type EmailIssue = { slug: string; title: string; date: string; summary: string; markdown: string };
export type EmailSite = { url: string; title: string; author: string; lang: string };

/** An issue rendered once for everybody; `personalizeIssueEmail` puts each reader's unsubscribe link in. */
export type IssueEmail = { subject: string; viewUrl: string; html: string; text: string };

/** Stands where each reader's unsubscribe URL goes (a string no Markdown can produce). */
export const UNSUBSCRIBE_MARK = '\u0000UNSUBSCRIBE\u0000';

/** Renders an issue as an email (HTML with inline styles, and a plain-text part), with UNSUBSCRIBE_MARK for the link. */
export function renderIssueEmail(issue: EmailIssue, site: EmailSite, options: { measure?: MeasureImage } = {}): IssueEmail {
  const viewUrl = `${site.url}/${issue.slug}`;
  const body = renderHtmlBody(issue.markdown, site.url, viewUrl, options.measure);
  const small = `font-family:${FONT};font-size:13px;line-height:1.5;color:${MUTED};`;
  const page = html`<!DOCTYPE html>
<html lang="${site.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="x-apple-disable-message-reformatting"><title>${issue.title}</title></head>
<body style="margin:0;padding:0;background:${PAPER};">
<div style="display:none;max-height:0;overflow:hidden;">${issue.summary}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${PAPER};"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;">
<tr><td style="padding:0 4px 12px;${small}"><a href="${site.url}" style="color:${MUTED};font-weight:700;text-decoration:none;">${site.title}</a> · <a href="${viewUrl}" style="color:${MUTED};">View in your browser</a></td></tr>
<tr><td style="background:#ffffff;border:1px solid ${RULE};border-radius:8px;padding:32px 24px 14px;">
<h1 style="${HEADING}margin:0 0 8px;font-size:30px;line-height:1.2;">${issue.title}</h1>
<p style="${TEXT}margin:0 0 28px;font-size:14px;color:${MUTED};">${formatHumanDate(issue.date)} · ${site.author}</p>
${raw(body)}
</td></tr>
<tr><td style="padding:16px 4px;${small}">You are receiving this because you subscribed to <a href="${site.url}" style="color:${MUTED};">${site.title}</a>. <a href="${raw(UNSUBSCRIBE_MARK)}" style="color:${MUTED};">Unsubscribe</a> with one click, no questions asked.</td></tr>
</table></td></tr></table>
</body></html>`;
  const heading = underline(issue.title, '=');
  const textBody = renderTextBody(issue.markdown, site.url, viewUrl);
  const plain = `${site.title}\nView in your browser: ${viewUrl}\n\n${heading}\n${formatHumanDate(issue.date)} · ${site.author}\n\n${textBody}\n\n-- \nYou are receiving this because you subscribed to ${site.title} (${site.url}).\nUnsubscribe: ${UNSUBSCRIBE_MARK}\n`;
  return { subject: issue.title, viewUrl, html: page.value, text: plain };
}

/** The email's two parts with one reader's unsubscribe link in place. */
export function personalizeIssueEmail(email: IssueEmail, unsubscribeUrl: string): { html: string; text: string } {
  return { html: email.html.split(UNSUBSCRIBE_MARK).join(escapeHtml(unsubscribeUrl)), text: email.text.split(UNSUBSCRIBE_MARK).join(unsubscribeUrl) };
}
