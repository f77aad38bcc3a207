// Group commit for a stream of small writes (a send's delivery outcomes). Pure: the write is passed in.

/** Adds an item to be written; resolves once it is stored, rejects with its batch's error. */
export type GroupCommit<T> = { add: (item: T) => Promise<void> };

/**
 * Group commit without lingering: an item added while no write is in flight is written at once,
 * alone; items added during a write wait for it, then go together in the next one (at most
 * `maxBatch` a write). Batches grow only as large as the writes are slow, and nothing waits for company.
 */
export function createGroupCommit<T>(write: (batch: T[]) => Promise<void>, maxBatch: number): GroupCommit<T> {
  let queue: Array<{ item: T; resolve: () => void; reject: (e: unknown) => void }> = [];
  let running = false;
  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await write(batch.map((b) => b.item));
        for (const b of batch) b.resolve();
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
    running = false;
  };
  return {
    add(item: T): Promise<void> {
      return new Promise((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (running) return;
        running = true;
        void drain();
      });
    },
  };
}
