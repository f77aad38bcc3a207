import 'server-only';
import { SMTPServer } from 'smtp-server';
import { logEvent } from '../../log';
import type { Envelope } from './authenticate';
import { smtpAnswerFor, type InboundOutcome } from './outcome';

/** What the server hands over for each message: its bytes (at most the limit) and how it came. */
export type ReceivedMessage = { raw: Buffer; recipients: string[]; envelope: Envelope; tooLarge: boolean };
export type InboundHandler = (message: ReceivedMessage) => Promise<InboundOutcome>;

export type InboundServerOptions = {
  host: string;
  port: number;
  maxBytes: number;
  /** Whether an address is one we receive for (checked at RCPT, so the rest of a message to anyone else is never read). */
  accepts: (address: string) => boolean;
  handle: InboundHandler;
};

const MAX_RECIPIENTS = 5;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * Masthead's own SMTP server for replies (smtp-server): only RCPT to one of our reply addresses is
 * accepted, a message is counted as it arrives and refused past `maxBytes` (its bytes beyond are
 * read and dropped, never kept), and each message is answered with what became of it.
 */
export async function startInboundSmtp(options: InboundServerOptions): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new SMTPServer({
    banner: 'Masthead replies',
    authOptional: true,
    disabledCommands: ['AUTH'],
    size: options.maxBytes,
    maxClients: 50,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    logger: false,
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpError(452, '4.5.3 Too many recipients'));
      if (!options.accepts(address.address)) {
        logEvent('info', 'inbound.refused', { reason: 'unknown-recipient', stage: 'rcpt' });
        return callback(smtpError(550, '5.1.1 No such reply address'));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= options.maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        const tooLarge = size > options.maxBytes || stream.sizeExceeded === true;
        const mailFrom = session.envelope.mailFrom;
        options
          .handle({
            raw: Buffer.concat(chunks),
            tooLarge,
            recipients: session.envelope.rcptTo.map((r) => r.address),
            envelope: { ip: session.remoteAddress, helo: session.hostNameAppearsAs, sender: mailFrom ? mailFrom.address : null },
          })
          .then((outcome) => {
            const answer = smtpAnswerFor(outcome);
            callback(answer.code === 250 ? null : smtpError(answer.code, answer.message));
          })
          .catch((error) => {
            logEvent('error', 'inbound.crashed', { error });
            callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
          });
      });
    },
  });
  server.on('error', (error) => logEvent('warn', 'inbound.smtp-error', { error }));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
