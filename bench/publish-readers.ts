// The readers and page snapshots of `npm run bench:publish`: connections reading issue pages of
// every instance until told to stop (every non-2xx and error counted), the wait for a new page's
// first 200, and the byte-for-byte copies of pages taken before and after a refused push.
import http from 'node:http';
import { createHash } from 'node:crypto';

export type ReaderTally = { requests: number; ok: number; non2xx: Map<number, number>; errors: number; firstFailures: string[]; latenciesMs: number[] };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One GET over a keep-alive agent; resolves with the status and the whole body. */
export function get(agent: http.Agent, url: string, timeoutMs = 30_000): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { 'user-agent': 'masthead-bench-publish', 'accept-encoding': 'identity' }, timeout: timeoutMs }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * `connections` readers spread evenly over `bases`, each on its own keep-alive connection, reading
 * random issue pages (slugs() is asked each time, so new issues join the pool once live) until stop().
 */
export function startReaders(bases: string[], connections: number, slugs: () => string[]) {
  const tally: ReaderTally = { requests: 0, ok: 0, non2xx: new Map(), errors: 0, firstFailures: [], latenciesMs: [] };
  let running = true;
  const agents = bases.map(() => new http.Agent({ keepAlive: true, maxSockets: Math.ceil(connections / bases.length) }));
  const note = (text: string) => {
    if (tally.firstFailures.length < 10) tally.firstFailures.push(text);
  };
  const loop = async (r: number) => {
    const base = bases[r % bases.length]!;
    const agent = agents[r % bases.length]!;
    while (running) {
      const pool = slugs();
      const url = `${base}/${pool[Math.floor(Math.random() * pool.length)]}`;
      const started = performance.now();
      try {
        const { status } = await get(agent, url);
        tally.latenciesMs.push(performance.now() - started);
        tally.requests++;
        if (status >= 200 && status < 300) tally.ok++;
        else {
          tally.non2xx.set(status, (tally.non2xx.get(status) ?? 0) + 1);
          note(`${status} ${url}`);
        }
      } catch (error) {
        tally.requests++;
        tally.errors++;
        note(`${(error as Error).message} ${url}`);
      }
    }
  };
  const loops = Array.from({ length: connections }, (_, r) => loop(r));
  return {
    tally,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      for (const a of agents) a.destroy();
      return tally;
    },
  };
}

/** Polls `url` until it answers 200; resolves with the milliseconds since `since` (performance.now()). */
export async function timeTo200(url: string, since: number, deadlineMs = 120_000): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    while (performance.now() - since < deadlineMs) {
      try {
        const { status } = await get(agent, url, 10_000);
        if (status === 200) return performance.now() - since;
      } catch {
        // a refused or reset connection is an answer too: try again
      }
      await sleep(20);
    }
    return Infinity;
  } finally {
    agent.destroy();
  }
}

export type PageCopy = Map<string, { status: number; body: Buffer }>;

/** Every listed path of one instance, fetched a few at a time. */
export async function copyPages(base: string, paths: string[]): Promise<PageCopy> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const copy: PageCopy = new Map();
  const queue = [...paths];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
        // A page that does not answer (twice) is reported as such (status 0), not the end of the run.
        const once = () => get(agent, `${base}${p}`, 120_000);
        copy.set(p, await once().catch(once).catch((error: Error) => ({ status: 0, body: Buffer.from(error.message) })));
      }
    }),
  );
  agent.destroy();
  return copy;
}

/**
 * Copies the pages until two copies in a row are the same (render time masked): pages a publish
 * refreshed are served stale once and rendered again behind it, so a copy taken right after a
 * publish is not yet the settled state a refusal must leave alone.
 */
export async function settledCopy(base: string, paths: string[], rounds = 6): Promise<{ copy: PageCopy; rounds: number }> {
  let copy = await copyPages(base, paths);
  for (let round = 2; round <= rounds; round++) {
    await sleep(1_000);
    const again = await copyPages(base, paths);
    const c = comparePages(copy, again);
    copy = again;
    if (c.changed.length === 0 && c.unanswered.length === 0) return { copy, rounds: round };
  }
  return { copy, rounds };
}

/**
 * An issue page carries a comment-form token minted when it was rendered (its time inside), and
 * each page is rendered again at most once a minute (revalidate = 60). Masked, two renders of the
 * same version are the same bytes, so a difference that survives the mask is a real change.
 */
export function maskRenderTime(body: Buffer): string {
  return body.toString('utf8').replace(/(name="formToken" value=")[^"]*"/g, '$1…"');
}

export type Comparison = { pages: number; identical: number; sameBesidesRenderTime: number; changed: string[]; unanswered: string[] };

/** Compares two copies of the same pages byte for byte, and again with the render time masked. */
export function comparePages(before: PageCopy, after: PageCopy): Comparison {
  const result: Comparison = { pages: before.size, identical: 0, sameBesidesRenderTime: 0, changed: [], unanswered: [] };
  for (const [p, b] of before) {
    const a = after.get(p);
    if (b.status === 0 || a?.status === 0) result.unanswered.push(`${p} (${(b.status === 0 ? b : a!).body.toString()})`);
    else if (!a || a.status !== b.status) result.changed.push(`${p} (status ${b.status} → ${a?.status ?? 'none'})`);
    else if (a.body.equals(b.body)) result.identical++;
    else if (maskRenderTime(a.body) === maskRenderTime(b.body)) result.sameBesidesRenderTime++;
    else result.changed.push(`${p} (${hash(b.body)} → ${hash(a.body)})`);
  }
  return result;
}

function hash(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 10);
}
