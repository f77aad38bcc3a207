// Minimal typings for the part of autocannon's programmatic API the benchmark uses
// (the package ships no types and @types/autocannon is not a dependency).
declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    pipelining?: number;
    /** Seconds. */
    duration?: number;
    headers?: Record<string, string>;
  }

  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
  }

  interface Result {
    url: string;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    /** Milliseconds. */
    latency: Histogram;
    /** Requests per second, sampled each second; `total` is the completed-request count. */
    requests: Histogram & { sent: number };
    throughput: Histogram;
  }

  /** Without a callback autocannon returns a thenable that resolves with the run's result. */
  function autocannon(options: Options): PromiseLike<Result>;
  export default autocannon;
}
