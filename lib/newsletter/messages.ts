import 'server-only';
import matter from 'gray-matter';
import { renderCommentMarkdown } from '../comments/markdown';
import { getEmailSource } from '../content/service';
import { getEnv } from '../env';
import { html, raw, type Html } from '../html/html';
import type { MailMessage } from '../mail/send';
import { renderTextBody } from './email-text';

// Through the auto-escaping template every view uses (lib/html/html.ts).
const wrap = (inner: Html) =>
  String(html`<div style="font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.6;color:#1c1c1e;max-width:560px;margin:0 auto;padding:16px">${inner}</div>`);

/** The double opt-in email: one link, and what happens if you ignore it. */
export function confirmationEmail(to: string, link: string): MailMessage {
  const { SITE_TITLE } = getEnv();
  return {
    to,
    subject: `Confirm your subscription to ${SITE_TITLE}`,
    text: `Please confirm that you want to receive ${SITE_TITLE} by email:\n\n${link}\n\nThe link works for 7 days. If you did not ask for this, ignore this email: you will not be subscribed.\n`,
    html: wrap(html`<p>Please confirm that you want to receive <strong>${SITE_TITLE}</strong> by email.</p>
<p><a href="${link}" style="display:inline-block;background:#0a58a8;color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none;font-weight:600">Confirm my subscription</a></p>
<p style="color:#55565c;font-size:14px">The link works for 7 days. If you did not ask for this, ignore this email: you will not be subscribed.</p>`),
  };
}

/** The welcome email, written by the author in content/emails/welcome.md ({{site}} and {{url}} are filled in). */
export function welcomeEmail(to: string, unsubscribe: string): MailMessage {
  const env = getEnv();
  const source = getEmailSource('welcome') ?? `---\nsubject: "Welcome to {{site}}"\n---\nThank you for subscribing to {{site}}.`;
  const fill = (s: string) => s.replaceAll('{{site}}', env.SITE_TITLE).replaceAll('{{url}}', env.SITE_URL);
  const { data, content } = matter(source);
  const body = fill(content).trim();
  return {
    to,
    subject: fill(typeof data.subject === 'string' ? data.subject : 'Welcome to {{site}}'),
    // The same plain text as an issue email's (email-text.ts): links written out, Markdown's own marks.
    text: `${renderTextBody(body, env.SITE_URL, env.SITE_URL)}\n\n--\nUnsubscribe: ${unsubscribe}\n`,
    html: wrap(html`${raw(renderCommentMarkdown(body))}<p style="color:#55565c;font-size:13px;margin-top:32px"><a href="${unsubscribe}" style="color:#55565c">Unsubscribe</a></p>`),
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
