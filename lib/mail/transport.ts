import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { getEnv } from '../env';

/** Connections of the process's pool for one-off mail (sign-in links, confirmations, comment notices). */
const TRANSACTIONAL_CONNECTIONS = 3;

/**
 * The one way this app talks SMTP: a pooled nodemailer transport with timeouts, so a server that
 * stops answering fails a message instead of holding it for nodemailer's default of minutes. The
 * newsletter send opens its own pool of this kind for its run (lib/newsletter/send-mailer.ts), so
 * a sign-in link never queues behind 100,000 issue emails.
 */
export function createSmtpTransport(url: string, maxConnections: number): Transporter {
  return nodemailer.createTransport({
    url, pool: true, maxConnections, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000,
  } as never);
}

let transporter: Transporter | undefined;
let transporterKey = '';

/**
 * SMTP when SMTP_URL is set (pooled connections); otherwise every message is
 * written as an .eml file under MAIL_DIR (var/mail) that a person can open.
 */
export function getTransport(): { transporter: Transporter; toFiles: boolean } {
  const { SMTP_URL } = getEnv();
  const key = SMTP_URL ?? 'files';
  if (!transporter || transporterKey !== key) {
    transporter = SMTP_URL
      ? createSmtpTransport(SMTP_URL, TRANSACTIONAL_CONNECTIONS)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    transporterKey = key;
  }
  return { transporter, toFiles: !SMTP_URL };
}

/** Writes a raw message to MAIL_DIR and returns the file's path. */
export function writeEml(message: Buffer): string {
  const dir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), getEnv().MAIL_DIR);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
  writeFileSync(file, message);
  return file;
}

/** For tests: drop the cached transport (e.g. after changing SMTP_URL). */
export function resetTransportForTest(): void {
  transporter?.close();
  transporter = undefined;
}
