import 'server-only';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { err, ok, type Result } from '../result';
import { headerSafe } from './safe-text';
import { getTransport, writeEml } from './transport';

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Where an answer goes (a reply-by-email address); never a commenter's text. */
  replyTo?: string | undefined;
  headers?: Record<string, string>;
};

/** A 5xx answer from the SMTP server: retrying will not help. */
export type SendError = 'permanent' | 'temporary';

/** "Notes from the CTO" <AUTHOR_EMAIL>, unless MAIL_FROM says otherwise. */
export function fromAddress(): string {
  const env = getEnv();
  return env.MAIL_FROM ?? `"${env.SITE_TITLE.replace(/["\\\r\n]/g, '')}" <${env.AUTHOR_EMAIL}>`;
}

/** Sends one message; expected failures are values, classified as permanent (5xx) or temporary. */
export async function sendMail(message: MailMessage): Promise<Result<{ id: string }, SendError>> {
  const { transporter, toFiles } = getTransport();
  try {
    const info = await transporter.sendMail({
      from: fromAddress(),
      to: message.to,
      // CR/LF in a subject would start a new header (nodemailer encodes, we also refuse to pass
      // them), and a bidi override would make it read backwards.
      subject: headerSafe(message.subject),
      text: message.text,
      ...(message.html ? { html: message.html } : {}),
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      ...(message.headers ? { headers: message.headers } : {}),
    });
    if (toFiles) return ok({ id: writeEml(info.message as Buffer) });
    return ok({ id: String(info.messageId) });
  } catch (e) {
    const code = (e as { responseCode?: number }).responseCode;
    const kind = code && code >= 500 && code < 600 ? 'permanent' : 'temporary';
    logEvent('warn', 'mail.failed', { kind, code, error: e as Error });
    return err(kind);
  }
}
