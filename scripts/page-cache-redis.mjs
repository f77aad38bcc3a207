// The page cache shared by every instance (REDIS_URL): stored pages under the build's id, the
// invalidations (tag → time) in one hash that every build shares, and a pub/sub channel that tells
// every instance about an invalidation at once. Redis is a help, never a dependency:
// - every command fails fast (no offline queue, a short timeout): a reader's page never waits on
//   Redis for longer than COMMAND_TIMEOUT_MS, and is rendered here when Redis has nothing to give;
// - invalidations made while Redis is unreachable are kept (one mark per tag, so the list stays
//   small) and sent when it is back;
// - on reconnecting, this instance forgets its memory (it may have missed another's invalidations)
//   and reloads the invalidations before it reads a stored page again.
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { decodeRecord, encodeRecord } from './page-cache-entry.mjs';

const COMMAND_TIMEOUT_MS = 500;
// An invalidation Redis did not take (a command timed out under load) is sent again this soon,
// rather than with the next invalidation, which may be a minute away.
const RETRY_MS = 250;
// Stored pages outlive their revalidate time (Next serves a stale one while it renders anew), but
// not forever: a page nobody reads for a day leaves Redis.
const ENTRY_TTL_SECONDS = 24 * 3600;

export function createRedisBackend({ url, prefix, buildId, log }) {
  const options = {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2_000,
    autoResubscribe: false,
    // Tries again for ever, at most every 2 s: the instance recovers by itself.
    retryStrategy: (times) => Math.min(100 * times, 2_000),
  };
  const client = new Redis(url, options);
  const subscriber = new Redis(url, options);
  const me = randomUUID();
  const channel = `${prefix}tags`;
  const manifestKey = `${prefix}tags`;
  const entryKey = (key) => `${prefix}${buildId}:page:${key}`;
  const pending = new Map(); // invalidations not yet in Redis
  let cache = null;
  let connectedBefore = false;
  let outage = false;
  let closing = false;
  let retry = null;

  const backend = {
    synced: false,
    attach(pageCache) {
      cache = pageCache;
    },
    async getRecord(key) {
      try {
        return decodeRecord(await client.getBuffer(entryKey(key)));
      } catch (error) {
        lost(error);
        return null;
      }
    },
    setRecord(key, record) {
      if (!backend.synced) return;
      try {
        const bytes = encodeRecord(record);
        if (bytes) client.set(entryKey(key), bytes, 'EX', ENTRY_TTL_SECONDS).catch(lost);
      } catch (error) {
        lost(error); // never into Next's render
      }
    },
    publishMarks(marks) {
      for (const [tag, mark] of Object.entries(marks)) pending.set(tag, mark);
      void flush();
    },
    async close() {
      closing = true;
      backend.synced = false;
      client.disconnect();
      subscriber.disconnect();
    },
  };

  /** Sends the invalidations Redis has not got yet; they stay pending when it cannot take them. */
  async function flush() {
    if (!backend.synced || pending.size === 0) return;
    const marks = Object.fromEntries(pending);
    pending.clear();
    try {
      const fields = Object.entries(marks).flatMap(([tag, mark]) => [tag, JSON.stringify(mark)]);
      await client.multi().hset(manifestKey, ...fields).publish(channel, JSON.stringify({ from: me, marks })).exec();
    } catch (error) {
      for (const [tag, mark] of Object.entries(marks)) if (!pending.has(tag)) pending.set(tag, mark);
      lost(error);
      retryFlush();
    }
  }

  /** Sends the pending invalidations again shortly (while Redis is unreachable, sync() sends them when it is back). */
  function retryFlush() {
    if (retry || closing) return;
    retry = setTimeout(() => {
      retry = null;
      void flush();
    }, RETRY_MS);
    retry.unref();
  }

  /** Both connections are up: subscribe, reload the invalidations, send ours, and read stored pages again. */
  async function sync() {
    if (client.status !== 'ready' || subscriber.status !== 'ready') return;
    try {
      await subscriber.subscribe(channel);
      const stored = await client.hgetall(manifestKey);
      if (connectedBefore) cache?.clear();
      const marks = {};
      for (const [tag, json] of Object.entries(stored)) {
        try {
          marks[tag] = JSON.parse(json);
        } catch {
          // a field some other writer left: ignored
        }
      }
      cache?.applyMarks(marks);
      connectedBefore = true;
      backend.synced = true;
      if (outage) log?.info('page cache: Redis is back');
      outage = false;
      await flush();
    } catch (error) {
      lost(error);
    }
  }

  function lost(error) {
    if (closing) return;
    if (client.status === 'ready' && subscriber.status === 'ready' && backend.synced) {
      // A single command failed (a timeout): stay connected, this answer is rendered here.
      log?.warn({ err: error }, 'page cache: a Redis command failed');
      return;
    }
    backend.synced = false;
    if (!outage) log?.warn({ err: error }, 'page cache: Redis unreachable, serving from memory');
    outage = true;
  }

  subscriber.on('message', (on, message) => {
    if (on !== channel) return;
    try {
      const { from: sender, marks } = JSON.parse(message);
      if (sender !== me && marks && typeof marks === 'object') cache?.applyMarks(marks);
    } catch {
      // not one of ours
    }
  });
  for (const connection of [client, subscriber]) {
    connection.on('ready', () => void sync());
    connection.on('error', (error) => lost(error));
    connection.on('close', () => lost(new Error('connection closed')));
  }
  return backend;
}
