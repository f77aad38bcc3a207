import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';
import { resetEnvForTest } from '@/lib/env';
import { resetTransportForTest } from '@/lib/mail/transport';

/** A real SMTP server on 127.0.0.1 that keeps every message it receives, parsed. */
export async function startSmtpSink(options: { rejectRecipients?: RegExp } = {}) {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.test(address.address)) {
        const error = new Error('mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Messages to one address. */
    to: (address: string) => messages.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.text.includes(address))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * For a test file: a real SMTP sink that the app's mail goes to, with every other setting at the
 * default a user gets (COMMENTS_* and SUBSCRIBE_RATE_LIMIT unset) but for who the author is.
 */
export function useMailSinkWithDefaults(): () => Awaited<ReturnType<typeof startSmtpSink>> {
  let sink: Awaited<ReturnType<typeof startSmtpSink>> | undefined;
  beforeAll(async () => {
    sink = await startSmtpSink();
    for (const key of Object.keys(process.env)) if (key.startsWith('COMMENTS_') || key === 'SUBSCRIBE_RATE_LIMIT') delete process.env[key];
    Object.assign(process.env, {
      SITE_TITLE: 'Notes from the CTO', AUTHOR_NAME: 'Robin Hale', AUTHOR_EMAIL: 'robin@example.com',
      APP_SECRET: 'test-secret-test-secret-test-secret-42', SMTP_URL: sink.url,
    });
    resetEnvForTest();
    resetTransportForTest();
  });
  afterAll(async () => {
    resetTransportForTest();
    await sink?.close();
  });
  return () => sink!;
}
