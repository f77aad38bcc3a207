// Sends an issue to 100,000 confirmed subscribers on SQLite through a real SMTP server (smtp-server,
// in a child process of its own), then checks resumption: a sender SIGKILLed halfway and one SIGTERMed
// halfway, each resumed, must leave every confirmed reader with one copy (duplicates and misses
// are counted at the server). `tsx --conditions=react-server bench/newsletter-send.ts [--subscribers 100000]`.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { SMTPServer } from 'smtp-server';

const SLUG = 'writing-is-the-job';
const ROOT = path.resolve(__dirname, '..');
type SinkReport = { total: number; counts: Record<string, number>; firstAt: number; lastAt: number };

// ---- the SMTP sink (child process): counts messages per recipient, answers over IPC ----------

function runSink(): void {
  let counts = new Map<string, number>();
  let total = 0;
  let firstAt = 0;
  let lastAt = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        for (const rcpt of session.envelope.rcptTo) counts.set(rcpt.address, (counts.get(rcpt.address) ?? 0) + 1);
        total++;
        lastAt = Date.now();
        firstAt ||= lastAt;
        callback();
      });
    },
  });
  // A SIGKILLed sender resets its connections: that is the point of the test, not a sink failure.
  server.on('error', () => {});
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.server.address() as { port: number }).port }));
  process.on('message', (msg: string) => {
    if (msg === 'total') process.send!({ total });
    if (msg === 'report') process.send!({ total, counts: Object.fromEntries(counts), firstAt, lastAt });
    if (msg === 'reset') {
      counts = new Map();
      total = firstAt = lastAt = 0;
      process.send!({ reset: true });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

// ---- the benchmark (parent) -------------------------------------------------------------------

function ask<T>(child: ChildProcess, msg: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (reply: Record<string, unknown>) => {
      if (!(key in reply)) return;
      child.off('message', on);
      resolve(reply as T);
    };
    child.on('message', on);
    child.send(msg);
  });
}

async function seed(url: string, confirmed: number): Promise<void> {
  // Through the app's own client and migrations, so the rows look exactly like real ones.
  const { migrateDatabase } = await import('@/lib/db/migrate');
  const { createDb } = await import('@/lib/db/client');
  await migrateDatabase(url);
  const db = createDb(url);
  const others = ['pending', 'unsubscribed', 'bounced'];
  const extra = Math.ceil(confirmed / 50);
  for (let from = 0; from < confirmed + extra; from += 5000) {
    const data = [];
    for (let i = from; i < Math.min(from + 5000, confirmed + extra); i++) {
      // Non-confirmed readers are interleaved among the confirmed ones: none of them may get a copy.
      const status = i % 51 === 50 && i / 51 < extra ? others[i % 3]! : 'confirmed';
      data.push({ email: `reader${i}@example.com`, status, source: 'import' });
    }
    await db.subscriber.createMany({ data });
  }
  await db.$disconnect();
  const file = new Database(url.slice('file:'.length));
  file.pragma('wal_checkpoint(TRUNCATE)');
  file.close();
}

function confirmedEmails(dbFile: string): string[] {
  const db = new Database(dbFile, { readonly: true });
  const rows = db.prepare("SELECT email FROM Subscriber WHERE status = 'confirmed'").pluck().all() as string[];
  db.close();
  return rows;
}

function countSending(dbFile: string): number {
  const db = new Database(dbFile, { readonly: true });
  const n = db.prepare("SELECT COUNT(*) FROM Delivery WHERE status = 'sending'").pluck().get() as number;
  db.close();
  return n;
}

type SenderRun = { code: number | null; signal: NodeJS.Signals | null; wallMs: number; peakKb: number; stdout: string };

/** Runs the real script as its own process (node + tsx loader, so the pid is the sender's own). */
function startSender(env: Record<string, string>) {
  const started = Date.now();
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/newsletter-send.ts', SLUG], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  let peakKb = 0;
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const sampler = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // The process has just exited.
    }
  }, 100);
  const done = new Promise<SenderRun>((resolve) =>
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      resolve({ code, signal, wallMs: Date.now() - started, peakKb, stdout });
    }),
  );
  return { child, done };
}

const summaryNumber = (stdout: string, label: string) => Number(new RegExp(`${label}\\s+([\\d.,]+)`).exec(stdout)?.[1]?.replace(/,/g, '') ?? NaN);

async function main() {
  const { values } = parseArgs({ options: { subscribers: { type: 'string', default: '100000' }, sink: { type: 'boolean', default: false } } });
  if (values.sink) return runSink();
  const n = Number(values.subscribers);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-newsletter-'));
  const template = path.join(dir, 'template.db');
  let t = Date.now();
  await seed(`file:${template}`, n);
  console.log(`seeded ${n.toLocaleString('en-US')} confirmed subscribers (+${Math.ceil(n / 50)} others) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const emails = confirmedEmails(template);

  const sink = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', __filename, '--sink'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise<{ port: number }>((resolve) => sink.once('message', (m) => resolve(m as { port: number })));
  const envFor = (dbFile: string) => ({
    DATABASE_URL: `file:${dbFile}`, SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_DIR: path.join(dir, 'mail'),
    APP_SECRET: 'bench-secret-bench-secret-bench-secret-1', NODE_ENV: 'production', SITE_URL: 'https://newsletter.example',
  });
  const fresh = async (name: string) => {
    const file = path.join(dir, `${name}.db`);
    copyFileSync(template, file);
    await ask(sink, 'reset', 'reset');
    return file;
  };
  const tally = async () => {
    const report = await ask<SinkReport>(sink, 'report', 'counts');
    const counts = Object.values(report.counts);
    return {
      report,
      duplicates: counts.filter((c) => c > 1).length,
      extraCopies: counts.reduce((sum, c) => sum + Math.max(0, c - 1), 0),
      misses: emails.filter((e) => !report.counts[e]).length,
      strangers: Object.keys(report.counts).length - emails.filter((e) => report.counts[e]).length,
    };
  };

  // 1. A full send.
  const fullDb = await fresh('full');
  t = Date.now();
  const full = await startSender(envFor(fullDb)).done;
  const fullTally = await tally();
  const sinkRate = (fullTally.report.total - 1) / ((fullTally.report.lastAt - fullTally.report.firstAt) / 1000);

  // 2. and 3. Interrupted halfway, then resumed.
  const interrupted = async (signal: 'SIGKILL' | 'SIGTERM') => {
    const file = await fresh(signal);
    const sender = startSender(envFor(file));
    while ((await ask<{ total: number }>(sink, 'total', 'total')).total < n / 2) await new Promise((r) => setTimeout(r, 20));
    sender.child.kill(signal);
    const first = await sender.done;
    const leftSending = countSending(file);
    const resumed = await startSender(envFor(file)).done;
    return { signal, first, leftSending, resumed, ambiguous: summaryNumber(resumed.stdout, 'ambiguous \\(re-sent\\)'), ...(await tally()) };
  };
  const kill = await interrupted('SIGKILL');
  const term = await interrupted('SIGTERM');
  sink.disconnect();
  rmSync(dir, { recursive: true, force: true });

  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  console.log(`\nNewsletter send, SQLite, ${n.toLocaleString('en-US')} confirmed subscribers, smtp-server sink in its own process (${os.cpus().length} cores)`);
  console.table({
    'full send': {
      'exit': full.code, 'msg/s (sender)': summaryNumber(full.stdout, 'rate'), 'msg/s (at sink)': Math.round(sinkRate),
      'wall s': +(full.wallMs / 1000).toFixed(1), 'peak RSS': mb(full.peakKb), delivered: fullTally.report.total,
      duplicates: fullTally.duplicates, misses: fullTally.misses, 'non-confirmed mailed': fullTally.strangers,
    },
    ...Object.fromEntries([kill, term].map((r) => [`${r.signal} at 50% + resume`, {
      'exit': `${r.first.code ?? r.first.signal} → ${r.resumed.code}`, 'msg/s (sender)': summaryNumber(r.resumed.stdout, 'rate'), 'msg/s (at sink)': '',
      'wall s': +((r.first.wallMs + r.resumed.wallMs) / 1000).toFixed(1), 'peak RSS': mb(Math.max(r.first.peakKb, r.resumed.peakKb)), delivered: r.report.total,
      duplicates: r.duplicates, misses: r.misses, 'non-confirmed mailed': r.strangers,
      "left 'sending'": r.leftSending, 'ambiguous re-sent': r.ambiguous,
    }])),
  });
  const ok = fullTally.misses + fullTally.duplicates + kill.misses + term.misses + term.duplicates + fullTally.strangers === 0 && term.leftSending === 0;
  console.log(ok ? 'every confirmed reader got the issue; SIGTERM left nothing ambiguous' : 'CHECK FAILED: see the table');
  console.log(`target ≥ 500 msg/s: ${summaryNumber(full.stdout, 'rate') >= 500 ? 'met' : 'NOT met'}`);
  process.exitCode = ok ? 0 : 1;
}

void main();
