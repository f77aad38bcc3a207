/**
 * `npm run newsletter:send -- <slug> [--rate 20] [--dry-run] [--test-to you@example.com] [--retry-failed] [--allow-local-links] [--built-settings <file>]`
 *
 * Links point at the address the built site is served at (the SITE_URL recorded by `npm start` in
 * .next/masthead-settings.json), and a send to readers refuses a loopback address unless
 * --allow-local-links (lib/newsletter/send-site.ts).
 *
 * Emails an issue to every confirmed subscriber, once. Safe to run again at any time: readers
 * who already have it are skipped, so an interrupted send is finished by running the same
 * command. Ctrl-C (SIGINT) or SIGTERM stop gracefully: no new messages start, the ones in
 * flight finish and are recorded, then the process exits 130 / 143. A second Ctrl-C forces.
 * Without SMTP_URL, messages are written as .eml files to MAIL_DIR.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCommand } from './run-command';
import { getEnv } from '@/lib/env';
import { formatProgressBar, formatProgressLine, formatSummary, type SendProgress } from '@/lib/newsletter/progress';
import { LEASE_MS, sendIssue } from '@/lib/newsletter/send';
import { builtSiteUrl, chooseSendSiteUrl } from '@/lib/newsletter/send-site';
import { useLiveContent } from '@/lib/publish/service';

const USAGE = 'usage: npm run newsletter:send -- <slug> [--rate <messages/s>] [--dry-run] [--test-to <email>] [--retry-failed] [--allow-local-links] [--built-settings <file>]';
const ERRORS = {
  'unknown-issue': 'No such issue (check the slug; drafts are not sent in production).',
  'invalid-test-address': '--test-to needs a valid email address.',
  'already-sending': 'This issue is being sent by another run right now (its lease did not lapse in time).',
  held: 'This issue (newsletter: true) is waiting out its hold: it is sent when the hold ends, unless cancelled at /admin/newsletter.',
};
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rate: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'test-to': { type: 'string' },
      'retry-failed': { type: 'boolean', default: false },
      'allow-local-links': { type: 'boolean', default: false },
      'built-settings': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const slug = positionals[0];
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (!slug || values.help || positionals.length > 1 || (rate !== undefined && !(rate > 0 && Number.isFinite(rate)))) {
    console.error(USAGE);
    return 2;
  }

  const site = chooseSendSiteUrl({
    built: readBuiltSiteUrl(values['built-settings'] ?? path.join(process.cwd(), '.next', 'masthead-settings.json')),
    envSiteUrl: process.env.SITE_URL,
    // lib/env.ts's default; getEnv() is first read once SITE_URL is settled (it caches).
    fallback: `http://localhost:${process.env.PORT || '3000'}`,
    mode: values['test-to'] !== undefined ? 'test' : values['dry-run'] ? 'dry-run' : 'send',
    allowLocalLinks: values['allow-local-links'],
  });
  if (!site.ok) {
    console.error(site.error);
    return 2;
  }
  useSiteUrl(site.value);
  console.error(`Links point at ${site.value}.`);
  // The published version of the content, as the server serves it (not whatever content/ holds now).
  await useLiveContent();

  const controller = new AbortController();
  let received: keyof typeof EXIT_CODES | null = null;
  const onSignal = (name: keyof typeof EXIT_CODES) => {
    if (received) {
      console.error(`\n${name} again: exiting now; messages in flight may be left 'sending' (the next run re-sends them).`);
      process.exit(EXIT_CODES[name]);
    }
    received = name;
    console.error(`\n${name}: finishing the messages in flight, then stopping (send ${name} again to force).`);
    controller.abort();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const tty = process.stdout.isTTY === true;
  let lastLine = 0;
  const onProgress = (p: SendProgress) => {
    if (tty) process.stdout.write(`\r\x1b[2K${formatProgressBar(p)}`);
    else if (Date.now() - lastLine >= 5000 || p.done >= p.total) {
      lastLine = Date.now();
      console.log(formatProgressLine(p));
    }
  };
  const run = () =>
    sendIssue(slug, {
      ...(rate !== undefined ? { rate } : {}),
      ...(values['test-to'] !== undefined ? { testTo: values['test-to'] } : {}),
      dryRun: values['dry-run'],
      retryFailed: values['retry-failed'],
      onProgress,
      signal: controller.signal,
    });
  let result = await run();
  // A run killed moments ago still holds the lease until it lapses: wait that long, not forever.
  const waitUntil = Date.now() + LEASE_MS + 2000;
  if (!result.ok && result.error === 'already-sending') console.error('Another run holds this send; waiting for its lease to lapse…');
  while (!result.ok && result.error === 'already-sending' && Date.now() < waitUntil && !controller.signal.aborted) {
    await new Promise((r) => setTimeout(r, 1000));
    result = await run();
  }
  if (tty) process.stdout.write('\n');
  if (!result.ok) {
    console.error(ERRORS[result.error]);
    return 1;
  }
  const summary = result.value;
  if (summary.mode === 'test') {
    console.log(summary.sent ? `Sent a preview of "${summary.subject}" to ${values['test-to']}.` : `The preview was not accepted (see the log above).`);
    return summary.sent ? 0 : 1;
  }
  for (const line of formatSummary(summary)) console.log(line);
  if (received) return EXIT_CODES[received];
  return summary.stopped ? 1 : 0;
}

function readBuiltSiteUrl(file: string): string | null {
  return existsSync(file) ? builtSiteUrl(readFileSync(file, 'utf8')) : null;
}

/** Every link the send makes reads SITE_URL through getEnv(): set it before anything reads it. */
function useSiteUrl(url: string): void {
  process.env.SITE_URL = url;
  if (getEnv().SITE_URL !== url) throw new Error(`SITE_URL did not take: ${getEnv().SITE_URL}`);
}

runCommand(main);
