/**
 * Issue 10, point 17: `npm run newsletter:send` from a shell mailed links to http://localhost:3000
 * while the site was served elsewhere. The command is run here as a child process, as an operator
 * runs it, against a fixture of the settings `npm start` records for a build, a real database and
 * a real SMTP server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { startSmtpSink } from '../support/smtp';

const SLUG = 'keeping-a-lab-notebook';
const ROOT = path.resolve(import.meta.dirname, '../..');
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  database = await createTestDatabase('sqlite');
  dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-send-'));
}, 60_000);
afterAll(async () => {
  await sink.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  sink.messages.length = 0;
  await database.reset();
  await database.db.subscriber.create({ data: { email: 'reader@example.com', status: 'confirmed', source: 'inline', confirmedAt: new Date() } });
});

/** Writes the build settings as scripts/start.mjs does, and runs the command with them. */
function send(settings: Record<string, string>, args: string[], env: Record<string, string> = {}) {
  const file = path.join(dir, `settings-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(settings));
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'scripts/newsletter-send.ts', SLUG, '--built-settings', file, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), DATABASE_URL: database.url, SMTP_URL: sink.url, APP_SECRET: 'test-secret-test-secret-test-secret-42', AUTHOR_EMAIL: 'robin@example.com', NODE_ENV: 'development', LOG_LEVEL: 'silent', CONTENT_DIR: process.env.CONTENT_DIR ?? '', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}
const linksIn = (m: ParsedMail) => [...`${m.text}\n${m.html}\n${m.headerLines.map((h) => h.line).join('\n')}`.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((x) => x[0]);
const BUILT = { SITE_URL: 'https://notes.example', SITE_TITLE: '', SITE_DESCRIPTION: '', SITE_LANG: '', AUTHOR_NAME: '', CONTENT_DIR: '', POPUP_DELAY_SECONDS: '', NEWSLETTER_CTA: '' };
const OWN = (url: string) => (link: string) => link.startsWith(`${url}/`) || link === url || !/notes\.example|localhost/.test(link);

describe('newsletter:send links', { timeout: 120_000 }, () => {
  it("links to the built site's SITE_URL, whatever this shell's PORT says", async () => {
    const run = await send(BUILT, [], { PORT: '3000' });
    expect(run.code, run.stderr).toBe(0);
    const [mail] = sink.to('reader@example.com');
    const links = linksIn(mail!);
    expect(links.filter((l) => l.includes('/unsubscribe?token='))).not.toHaveLength(0);
    expect(links).toContain(`https://notes.example/${SLUG}`);
    expect(links.some((l) => l.includes('localhost'))).toBe(false);
    expect(links.every(OWN('https://notes.example'))).toBe(true);
  });

  it('refuses to mail readers loopback links (a build served on PORT=4100 without SITE_URL) unless told', async () => {
    const local = { ...BUILT, SITE_URL: '', PORT: '4100' };
    const refused = await send(local, []);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Not sent: the links would point at http://localhost:4100, a loopback address no reader can open.');
    expect(refused.stderr).toContain('--allow-local-links');
    expect(sink.messages).toHaveLength(0);
    expect(await database.db.delivery.count()).toBe(0);

    const preview = await send(local, ['--test-to', 'me@example.com']);
    expect(preview.code, preview.stderr).toBe(0);
    expect(linksIn(sink.to('me@example.com')[0]!).every(OWN('http://localhost:4100'))).toBe(true);

    const allowed = await send(local, ['--allow-local-links']);
    expect(allowed.code, allowed.stderr).toBe(0);
    const links = linksIn(sink.to('reader@example.com')[0]!);
    expect(links.some((l) => l.startsWith('http://localhost:4100/'))).toBe(true);
    expect(links.every(OWN('http://localhost:4100'))).toBe(true);
  });

  it('refuses when this shell names another SITE_URL than the build', async () => {
    const run = await send(BUILT, [], { SITE_URL: 'https://elsewhere.example' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('but the site was built with https://notes.example');
    expect(sink.messages).toHaveLength(0);
  });
});
