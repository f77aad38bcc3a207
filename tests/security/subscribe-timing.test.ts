/**
 * Issue 10, point 15: /api/subscribe must not tell a confirmed address from a new one by how long
 * it takes. Both kinds of request are timed, interleaved in random order, against the real service
 * and database with the default rate limit; the medians must be within a small margin. The email
 * is sent after the response, and still arrives.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from '@/lib/newsletter/service';
import { flushSubscribeWork } from '@/lib/newsletter/subscribe-queue';
import { testDatabases, useTestDatabase } from '../support/databases';
import { useMailSinkWithDefaults } from '../support/smtp';

const ROUNDS = 100;
const mail = useMailSinkWithDefaults();
let ip = 0;
const ctx = () => ({ ip: `10.${(++ip >> 8) & 255}.${ip & 255}.7`, now: new Date() });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;


describe.each(testDatabases)('subscribe timing on $kind', { timeout: 120_000 }, ({ kind }) => {
  const database = useTestDatabase(kind);

  it('answers a confirmed address and a new one in the same time, and the new one still gets its email', async () => {
    mail().messages.length = 0;
    const now = new Date();
    await database().db.subscriber.createMany({ data: Array.from({ length: ROUNDS }, (_, i) => ({ email: `known${i}@example.com`, status: 'confirmed', source: 'import', confirmedAt: now })) });
    const time = async (email: string) => {
      const started = performance.now();
      const result = await subscribe({ email, source: 'inline' }, ctx());
      const took = performance.now() - started;
      expect(result.ok).toBe(true);
      await flushSubscribeWork(); // after the response: not part of what the requester sees
      return took;
    };
    // Warm up both paths (first queries, the SMTP connection) before measuring.
    await time('warm-new@example.com');
    await time('known0@example.com');
    // Pairs measured back to back, in random order: a slow moment on this shared machine slows both.
    const known: number[] = [];
    const fresh: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      if (Math.random() < 0.5) {
        known.push(await time(`known${i}@example.com`));
        fresh.push(await time(`new${i}@example.com`));
      } else {
        fresh.push(await time(`new${i}@example.com`));
        known.push(await time(`known${i}@example.com`));
      }
    }
    const [k, f] = [median(known), median(fresh)];
    const gap = median(fresh.map((t, i) => t - known[i]!));
    console.log(`subscribe on ${kind}: median confirmed ${k.toFixed(2)} ms, new ${f.toFixed(2)} ms, median paired gap ${gap.toFixed(2)} ms`);
    // Sending inside the request made the new path 2.5-4x as slow here (paired gap 25-40 ms). The same
    // work leaves a paired gap within 25% of a request (or 1 ms); the raw medians, noisier on a shared
    // machine, within 50% (or 1.5 ms).
    expect(Math.abs(gap)).toBeLessThanOrEqual(Math.max(1, 0.25 * Math.min(f, k)));
    expect(Math.abs(f - k)).toBeLessThanOrEqual(Math.max(1.5, 0.5 * Math.min(f, k)));
    expect(mail().to('new7@example.com').map((m) => m.subject)).toEqual(['Confirm your subscription to Notes from the CTO']);
    expect(mail().to('known7@example.com')).toHaveLength(0);
  });
});
