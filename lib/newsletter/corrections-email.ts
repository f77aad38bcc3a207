/**
 * The correction email (issue 14): short, the note in the author's own words, its day and a link
 * to the corrected issue, with the same footer, unsubscribe link and headers as every newsletter
 * email (email-mime.ts builds each reader's copy). No template in content/emails: the note is the
 * author's text already.
 */
import 'server-only';
import { plainCorrectionNote, renderCorrectionNote } from '../content/corrections';
import { formatHumanDate } from '../content/dates';
import { html, raw } from '../html/html';
import { UNSUBSCRIBE_MARK, type EmailSite, type IssueEmail } from './email';
import { FONT, HEADING, LINK, MUTED, PAPER, RULE, TEXT } from './email-theme';

export type CorrectionEmailInput = { slug: string; title: string; note: string; day: string };

/** The author's preview: the readers' email with a notice on top (who gets it, when, how to stop it) and "Preview:" in the subject. */
export function renderCorrectionPreview(c: CorrectionEmailInput, site: EmailSite, notice: string): IssueEmail {
  const email = renderCorrectionEmail(c, site);
  const banner = String(html`<tr><td style="padding:12px 16px;margin:0 0 12px;background:#fff7ed;border:1px solid #fdba74;border-radius:8px;font-family:${FONT};font-size:15px;line-height:1.5;color:#431407;">${notice}</td></tr>`);
  return { ...email, subject: `Preview: ${email.subject}`, html: email.html.replace(NOTICE_SLOT, () => banner), text: `${notice}\n\n${email.text}` };
}

const NOTICE_SLOT = '<!--notice-->';

/** "Correction: <title>", the note, its day and the link; UNSUBSCRIBE_MARK stands for each reader's link. */
export function renderCorrectionEmail(c: CorrectionEmailInput, site: EmailSite): IssueEmail {
  const viewUrl = `${site.url}/${c.slug}`;
  const subject = `Correction: ${c.title}`;
  const day = formatHumanDate(c.day);
  const small = `font-family:${FONT};font-size:13px;line-height:1.5;color:${MUTED};`;
  const page = html`<!DOCTYPE html>
<html lang="${site.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:${PAPER};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${PAPER};"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;">
${raw(NOTICE_SLOT)}<tr><td style="padding:0 4px 12px;${small}"><a href="${site.url}" style="color:${MUTED};font-weight:700;text-decoration:none;">${site.title}</a></td></tr>
<tr><td style="background:#ffffff;border:1px solid ${RULE};border-radius:8px;padding:28px 24px;">
<h1 style="${HEADING}margin:0 0 12px;font-size:22px;">Correction: ${c.title}</h1>
<p style="${TEXT}margin:0 0 16px;font-size:17px;line-height:1.6;">${raw(renderCorrectionNote(c.note))}</p>
<p style="${TEXT}margin:0 0 20px;font-size:14px;color:${MUTED};">Corrected ${day} · ${site.author}</p>
<p style="${TEXT}margin:0;font-size:16px;"><a href="${viewUrl}" style="color:${LINK};">Read the corrected issue</a></p>
</td></tr>
<tr><td style="padding:16px 4px;${small}">You are receiving this because you subscribed to <a href="${site.url}" style="color:${MUTED};">${site.title}</a> and were sent this issue. <a href="${raw(UNSUBSCRIBE_MARK)}" style="color:${MUTED};">Unsubscribe</a> with one click, no questions asked.</td></tr>
</table></td></tr></table>
</body></html>`;
  const text = `${site.title}\n\n${subject}\n\n${plainCorrectionNote(c.note)}\n\nCorrected ${day} · ${site.author}\n\nRead the corrected issue: ${viewUrl}\n\n-- \nYou are receiving this because you subscribed to ${site.title} (${site.url}) and were sent this issue.\nUnsubscribe: ${UNSUBSCRIBE_MARK}\n`;
  return { subject, viewUrl, html: page.value, text };
}
