import { spawn } from 'node:child_process';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createReaderFormToken } from '@/lib/comments/form-guard';
import { flushDeliveries } from '@/lib/comments/notifications';
import { createComment } from '@/lib/comments/service';
import { resetEnvForTest } from '@/lib/env';
import { testDatabases, useTestDatabase } from '../support/databases';
import { replyToOf } from '../support/inbound';
import { useMailSinkWithDefaults } from '../support/smtp';

// `npm run mail:receive < message.eml` end to end: the command Postfix's `pipe` runs, with the
// message on stdin, against the suite's database. Its DNS is the machine's own: the sender's
// domain is under .test (RFC 2606), which publishes nothing anywhere, so the run is the same offline.
const SLUG = 'small-tools-sharp-edges';
const AUTHOR = 'robin@masthead.test';
const sink = useMailSinkWithDefaults();
beforeAll(() => {
  process.env.AUTHOR_EMAIL = AUTHOR;
  resetEnvForTest();
});

function receive(raw: string | Buffer, args: string[] = []): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/mail-receive.ts', ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr: stderr.trim() }));
    child.stdin.end(raw);
  });
}
const eml = async (message: SendMailOptions) =>
  ((await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(message)).message as Buffer).toString();

describe.each(testDatabases)('npm run mail:receive on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  let replyTo: string;
  beforeEach(async () => {
    sink().messages.length = 0;
    const ada = await createComment(
      { slug: SLUG, name: 'Ada', body: `Piped question ${Math.random()}`, formToken: createReaderFormToken(SLUG, new Date(Date.now() - 60_000)) },
      { ip: '192.0.2.77', now: new Date(), isAuthor: false, ownIds: new Set() },
    );
    if (!ada.ok) throw new Error(ada.error);
    await flushDeliveries();
    replyTo = replyToOf(sink().to(AUTHOR).find((m) => m.subject?.startsWith('New comment')));
  });

  it('posts a piped reply as the author, finding the recipient in the message, and exits 0; the same message again posts nothing', { timeout: 60_000 }, async () => {
    const raw = await eml({ from: AUTHOR, to: replyTo, subject: 'Re: New comment', text: 'Answered from Postfix.\n\n> quoted\n' });
    const first = await receive(raw);
    expect(first).toMatchObject({ code: 0, stderr: expect.stringMatching(/^posted: comment \S+ \(published\)$/) });
    expect(await database().db.comment.findFirst({ where: { isAuthor: true } })).toMatchObject({ body: 'Answered from Postfix.', authorName: 'Robin Hale' });
    const again = await receive(raw, ['--recipient', replyTo, '--sender', AUTHOR, '--client-address', '192.0.2.1', '--helo', 'mx.masthead.test']);
    expect(again).toEqual({ code: 0, stderr: 'refused: replayed' });
    expect(await database().db.comment.count({ where: { isAuthor: true } })).toBe(1);
  });

  it.runIf(kind === 'sqlite')('exits 67 for an address that is not a reply address, 65 past the size limit, 64 on bad arguments', { timeout: 60_000 }, async () => {
    const raw = await eml({ from: AUTHOR, to: 'robin@localhost', subject: 'Hi', text: 'Hello' });
    expect(await receive(raw)).toEqual({ code: 67, stderr: 'not-ours: unknown-recipient' });
    const big = await eml({ from: AUTHOR, to: replyTo, subject: 'Re', text: 'x'.repeat(300 * 1024) });
    expect(await receive(big)).toEqual({ code: 65, stderr: 'too-large' });
    expect((await receive(raw, ['--bogus'])).code).toBe(64);
    expect(await database().db.comment.count({ where: { isAuthor: true } })).toBe(0);
  });
});
