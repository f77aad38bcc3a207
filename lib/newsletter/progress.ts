// Pure arithmetic and wording for a newsletter send: progress, rate, ETA, the summary, and the
// pacing (token bucket, retry backoff). No clock, no I/O: callers pass `now`.

/** Where a send stands; `done` counts every confirmed reader looked at, skipped ones included. */
export type SendProgress = {
  total: number;
  done: number;
  sent: number;
  skipped: number;
  bounced: number;
  failed: number;
  elapsedMs: number;
};

/** Why a run stopped before the end of the list, if it did. */
export type StopReason = 'signal' | 'smtp-unavailable' | 'smtp-refused' | 'concurrent-send';

/** The outcome of one run of `sendIssue`. */
export type SendSummary = SendProgress & {
  slug: string;
  subject: string;
  mode: 'send' | 'dry-run' | 'test';
  /** Deliveries a killed run left in 'sending' (accepted or not, nobody knows): sent again, same Message-ID. */
  ambiguous: number;
  /** Set when the run ended early; the next run carries on where this one stopped. */
  stopped: StopReason | null;
  /** Messages handed to the server per second, over the whole run. */
  rate: number;
};

/** Messages per second: every SMTP outcome counts, skipped readers cost nothing. */
export function computeRate(p: Pick<SendProgress, 'sent' | 'bounced' | 'failed' | 'elapsedMs'>): number {
  const handled = p.sent + p.bounced + p.failed;
  return p.elapsedMs > 0 ? (handled * 1000) / p.elapsedMs : 0;
}

/** Milliseconds left at the current rate; null until there is a rate to go by. */
export function estimateRemainingMs(p: SendProgress): number | null {
  const rate = computeRate(p);
  if (rate <= 0) return p.done >= p.total ? 0 : null;
  return (Math.max(0, p.total - p.done) / rate) * 1000;
}

/** 42s · 3m 05s · 1h 02m */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

const count = (n: number) => n.toLocaleString('en-US');
const rateOf = (p: SendProgress) => `${count(Math.round(computeRate(p)))} msg/s`;
const etaOf = (p: SendProgress) => {
  const eta = estimateRemainingMs(p);
  return eta === null ? 'ETA --' : `ETA ${formatDuration(eta)}`;
};
const percentOf = (p: SendProgress) => (p.total > 0 ? Math.min(100, Math.floor((p.done * 100) / p.total)) : 100);

/** One terminal line: `[########------------]  45% 45,000/100,000 · 812 msg/s · ETA 1m 08s`. */
export function formatProgressBar(p: SendProgress, width = 24): string {
  const filled = p.total > 0 ? Math.min(width, Math.floor((p.done * width) / p.total)) : width;
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const problems = p.bounced + p.failed > 0 ? ` · ${count(p.bounced)} bounced · ${count(p.failed)} failed` : '';
  return `${bar} ${String(percentOf(p)).padStart(3)}% ${count(p.done)}/${count(p.total)} · ${rateOf(p)} · ${etaOf(p)}${problems}`;
}

/** A log-friendly line for when stdout is not a terminal. */
export function formatProgressLine(p: SendProgress): string {
  return `${count(p.done)}/${count(p.total)} (${percentOf(p)}%): sent ${count(p.sent)}, skipped ${count(p.skipped)}, bounced ${count(p.bounced)}, failed ${count(p.failed)} · ${rateOf(p)} · ${etaOf(p)}`;
}

const STOP_WORDS: Record<StopReason, string> = {
  signal: 'stopped on request; run the same command again to carry on',
  'smtp-unavailable': 'stopped: the SMTP server kept failing; run again once it is back',
  'smtp-refused': 'stopped: the SMTP server refused the sender (check SMTP_URL and MAIL_FROM)',
  'concurrent-send': 'stopped: another process is sending this issue',
};

/** The end-of-run report, one fact a line. */
export function formatSummary(s: SendSummary): string[] {
  const verb = s.mode === 'dry-run' ? 'would send' : 'sent';
  return [
    `${s.mode === 'dry-run' ? 'Dry run of' : 'Sent'} "${s.subject}" (${s.slug})${s.stopped ? ` – ${STOP_WORDS[s.stopped]}` : ''}`,
    `  ${verb.padEnd(22)} ${count(s.sent)}`,
    `  ${'skipped (already sent)'.padEnd(22)} ${count(s.skipped)}`,
    `  ${'bounced'.padEnd(22)} ${count(s.bounced)}`,
    `  ${'failed'.padEnd(22)} ${count(s.failed)}`,
    `  ${'ambiguous (re-sent)'.padEnd(22)} ${count(s.ambiguous)}`,
    `  ${'elapsed'.padEnd(22)} ${formatDuration(s.elapsedMs)}`,
    `  ${'rate'.padEnd(22)} ${s.rate.toFixed(1)} msg/s`,
  ];
}

/** A token bucket: `rate` tokens a second, at most `capacity` saved up. */
export type TokenBucket = { rate: number; capacity: number; tokens: number; at: number };

/** A full bucket for `rate` messages a second; a burst of a tenth of a second (at least one). */
export function createTokenBucket(rate: number, now: number): TokenBucket {
  const capacity = Math.max(1, Math.floor(rate / 10));
  return { rate, capacity, tokens: capacity, at: now };
}

/**
 * Takes one token at `now`. Returns how long to wait before sending (0: go now); the token
 * is spent either way, so concurrent callers queue up one interval apart.
 */
export function takeToken(bucket: TokenBucket, now: number): number {
  bucket.tokens = Math.min(bucket.capacity, bucket.tokens + ((now - bucket.at) * bucket.rate) / 1000);
  bucket.at = now;
  bucket.tokens -= 1;
  return bucket.tokens >= 0 ? 0 : (-bucket.tokens * 1000) / bucket.rate;
}

/** Exponential backoff before retry `attempt` (1-based): base, 2×base, 4×base… with ±20% jitter. */
export function computeBackoffMs(attempt: number, baseMs: number, random: number = Math.random()): number {
  return Math.round(baseMs * 2 ** (attempt - 1) * (0.8 + 0.4 * random));
}
