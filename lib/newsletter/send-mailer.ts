import 'server-only';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { fromAddress } from '../mail/send';
import { createSmtpTransport, writeEml } from '../mail/transport';

/** permanent: the reader's server said 5xx · temporary: it said 4xx · unreachable: no answer about the reader (connection, 421) · fatal: our setup is refused. */
export type SmtpFailure = 'permanent' | 'temporary' | 'unreachable' | 'fatal';
export type SmtpOutcome = { ok: true } | { ok: false; kind: SmtpFailure; error: string };
export type Mailer = { send: (to: string, raw: Buffer) => Promise<SmtpOutcome>; close: () => void };

/** Connections in the SMTP pool. */
export const MAX_CONNECTIONS = 5;

/** SMTP with pooled connections when SMTP_URL is set; otherwise each message becomes an .eml file in MAIL_DIR. */
export function openMailer(): Mailer {
  const { SMTP_URL } = getEnv();
  if (!SMTP_URL) return { send: async (_to, raw) => (writeEml(raw), { ok: true }), close: () => {} };
  const from = /<([^<>]+)>/.exec(fromAddress())?.[1] ?? fromAddress().trim();
  const transport = createSmtpTransport(SMTP_URL, MAX_CONNECTIONS);
  return {
    send: (to, raw) =>
      transport.sendMail({ envelope: { from, to: [to] }, raw }).then(
        () => ({ ok: true }) as const,
        (e: unknown) => {
          const kind = classifySmtpError(e);
          if (kind !== 'permanent') logEvent('warn', 'newsletter.smtp-failed', { kind, to, error: e as Error });
          return { ok: false, kind, error: (e as Error).message } as const;
        },
      ),
    close: () => transport.close(),
  };
}

/** A dry run's mailer: every message is accepted and goes nowhere. */
export function openNullMailer(): Mailer {
  return { send: async () => ({ ok: true }) as const, close: () => {} };
}

/** Answers to RCPT/DATA are about the reader; anything else (MAIL FROM, AUTH, 421, no answer at all) is about the server. */
function classifySmtpError(e: unknown): SmtpFailure {
  const { responseCode, command, code } = e as { responseCode?: number; command?: string; code?: string };
  const aboutReader = command === 'RCPT TO' || command === 'DATA';
  if (code === 'EAUTH' || (responseCode && responseCode >= 500 && !aboutReader)) return 'fatal';
  if (responseCode && responseCode >= 500) return 'permanent';
  if (!responseCode && code === 'EENVELOPE') return 'permanent'; // an address nodemailer itself refuses
  return responseCode && responseCode !== 421 && aboutReader ? 'temporary' : 'unreachable';
}
