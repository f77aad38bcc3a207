import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '@/lib/newsletter/group-commit';

/** A write whose transactions stay open until the test ends them, one by one. */
function controlledWrites() {
  const batches: number[][] = [];
  const pending: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  const write = (batch: number[]) => {
    batches.push(batch);
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { write, batches, end: (i: number) => pending[i]!.resolve(), fail: (i: number, e: unknown) => pending[i]!.reject(e) };
}

/** Whether a promise has settled yet, readable at any moment. */
function watch(promise: Promise<void>) {
  const state = { settled: false };
  promise.then(() => (state.settled = true), () => (state.settled = true));
  return state;
}

describe('recording delivery outcomes by group commit', () => {
  it('writes a lone outcome at once, without waiting for others to share its write', async () => {
    const writes = controlledWrites();
    const commit = createGroupCommit(writes.write, 250);
    const recorded = commit.add(1);
    // No timer stands between an accepted message and its write: the write has already begun.
    expect(writes.batches).toEqual([[1]]);
    const state = watch(recorded);
    await Promise.resolve();
    expect(state.settled, 'not recorded before the write ends').toBe(false);
    writes.end(0);
    await recorded;
  });

  it('batches the outcomes that arrive while a write is in flight, and writes them as soon as it ends', async () => {
    const writes = controlledWrites();
    const commit = createGroupCommit(writes.write, 250);
    const first = commit.add(1);
    const later = [commit.add(2), commit.add(3)];
    const states = later.map(watch);
    expect(writes.batches).toEqual([[1]]);
    writes.end(0);
    await first;
    // The next write began the moment the first ended.
    expect(writes.batches).toEqual([[1], [2, 3]]);
    expect(states.some((s) => s.settled)).toBe(false);
    writes.end(1);
    await Promise.all(later);
  });

  it('caps a batch at maxBatch', async () => {
    const writes = controlledWrites();
    const commit = createGroupCommit(writes.write, 2);
    const all = [1, 2, 3, 4, 5].map((n) => commit.add(n));
    writes.end(0);
    await all[0];
    writes.end(1);
    await all[2];
    writes.end(2);
    await Promise.all(all);
    expect(writes.batches).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('fails only the outcomes of a failed write, and goes on with the next batch', async () => {
    const writes = controlledWrites();
    const commit = createGroupCommit(writes.write, 250);
    const first = commit.add(1);
    const second = commit.add(2);
    writes.fail(0, new Error('database is locked'));
    await expect(first).rejects.toThrow('database is locked');
    expect(writes.batches).toEqual([[1], [2]]);
    writes.end(1);
    await expect(second).resolves.toBeUndefined();
  });

  it('writes at once again after falling idle', async () => {
    const writes = controlledWrites();
    const commit = createGroupCommit(writes.write, 250);
    const first = commit.add(1);
    writes.end(0);
    await first;
    void commit.add(2);
    expect(writes.batches).toEqual([[1], [2]]);
    writes.end(1);
  });
});
