/**
 * Timing an input-facing function on hostile input, at the input's maximum length and at a
 * tenth of it. The machines are shared (six engineers on two cores), so the figure is CPU time
 * of this process, which waiting for a core does not inflate, and the fastest of several runs
 * after a warm-up: noise only ever adds time.
 */

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Fastest CPU milliseconds of `runs` calls of `fn`, after one warm-up call. */
export function fastestMs(fn: () => unknown, runs = 7): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = cpuMs();
    fn();
    best = Math.min(best, cpuMs() - start);
  }
  return best;
}

export interface Scaling {
  /** At the maximum length. */
  full: number;
  /** At a tenth of it. */
  tenth: number;
}

/** Times `run(make(n))` at `n = max` and `n = max / 10`. */
export function measureScaling(make: (n: number) => string, max: number, run: (input: string) => unknown): Scaling {
  const big = make(max);
  const small = make(Math.floor(max / 10));
  return { full: fastestMs(() => run(big)), tenth: fastestMs(() => run(small)) };
}

/**
 * Linear with generous slack: ten times the input may take up to 30 times as long (+2 ms, so
 * that sub-millisecond noise never fails a run). Quadratic is 100 times, cubic 1,000 times.
 */
export function isRoughlyLinear({ full, tenth }: Scaling): boolean {
  return full <= 30 * tenth + 2;
}
