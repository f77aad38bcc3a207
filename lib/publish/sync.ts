import 'server-only';
import { warmVariants } from '../content/image-variants';
import { liveSnapshot } from '../content/live';
import { logEvent } from '../log';
import * as newsletter from '../newsletter/on-publish';
import { applyCorrections } from '../newsletter/corrections';
import { sendDueCorrections } from '../newsletter/corrections-send';
import { processSlot } from '../process-slots.mjs';
import { refreshPages } from './refresh';
import { formatProblems } from './report';
import * as repo from './repository';
import { appliedSeq, catchUp, onIssuesLive, onVersionApplied, publish, scheduleTick } from './service';
import { contentSource } from './snapshot';

/** How often each instance asks the database whether another one published: within 10 s everywhere, at a query a second. */
export const SYNC_INTERVAL_MS = 1_000;

const ready = processSlot<Promise<void>>('publishReady');
const ticks = processSlot<() => Promise<void>>('publishTick');

/**
 * At start (instrumentation.ts, before the server takes requests): serve the published version
 * (the newest publish in the database, fetched if this instance lacks it), or publish one if there
 * is none yet. The checkout's own content/ is published again at every start, as `npm start`
 * always served it. Then each second: apply what another instance published. Returns the line to
 * print when the site has nothing it may serve.
 */
export async function startPublishing(): Promise<string | null> {
  const source = contentSource();
  const newsletter = connectNewsletter();
  everyTick(async () => void newsletter.releaseDueSends().catch((error) => logEvent('error', 'newsletter.release-failed', { error })));
  everyTick(async () => void sendDueCorrections().catch((error) => logEvent('error', 'newsletter.correction-failed', { error })));
  // Each version's AVIF and WebP images, made in the background before readers ask for them.
  everyTick(async () => void warmVariants(liveSnapshot().dir).catch((error) => logEvent('warn', 'images.warm-failed', { error })));
  const record = await repo.latestPublish(source.key);
  if (!record || source.kind === 'local') {
    const outcome = await publish('start');
    if (outcome.status === 'refused' && !record) return `The content cannot be published:\n${formatProblems(outcome.problems)}`;
    if (outcome.status === 'failed' && !record) return `The content could not be fetched: ${outcome.detail}`;
    if (outcome.status === 'refused') logEvent('warn', 'publish.start-refused', { version: outcome.version });
  }
  if (appliedSeq() === 0) await catchUp(source);
  if (source.kind === 'git') {
    // A push made while this instance was down: fetch the head once it serves.
    void publish('start').catch((error) => logEvent('error', 'publish.start-failed', { error }));
  }
  // Pages stored by the build (or an earlier run) may be of another version: every one is
  // refreshed, and scripts/server.mjs holds readers until that is done. Not awaited here: the
  // refresh is a request to this server, which Next answers only once this start has returned.
  ready.set(new Promise((resolve) => setImmediate(() => void refreshPages(['*']).finally(resolve))));
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await catchUp(source).catch((error) => logEvent('warn', 'publish.sync-failed', { error }));
      await scheduleTick().catch((error) => logEvent('warn', 'publish.schedule-failed', { error }));
      for (const extra of extraTicks) await extra().catch((error) => logEvent('warn', 'publish.tick-failed', { error }));
    } finally {
      running = false;
    }
  };
  ticks.set(tick);
  setInterval(() => void tick(), SYNC_INTERVAL_MS).unref();
  return null;
}

/**
 * The newsletter on publish: an issue with `newsletter: true` is held for the author when it first
 * goes live, then sent by whichever instance's tick finds its hold over (lib/newsletter/on-publish.ts).
 */
export function connectNewsletter() {
  onIssuesLive((issues) => newsletter.onIssuesLive(issues));
  // Corrections (issue 14): recorded and dated as each instance applies a version, mailed by the tick.
  onVersionApplied((applied) => applyCorrections(applied));
  return newsletter;
}

const extraTicks: Array<() => Promise<void>> = [];

/** Work each instance does every second alongside the sync (scheduled issues, held newsletters). */
export function everyTick(work: () => Promise<void>): void {
  extraTicks.push(work);
}
