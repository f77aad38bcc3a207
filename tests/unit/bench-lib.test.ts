import { describe, expect, it } from 'vitest';
import { cpuTicksOf, evaluateTargets, extractScripts, failuresOf, hasRscPayload, median, parseWrk, rssBytesOf, summarize } from '@/bench/lib';

describe('benchmark helpers', () => {
  it('takes the median of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('finds external, preloaded and inline scripts but not JSON-LD', () => {
    const page = `<script src="/a.js" async></script><link rel="modulepreload" href="/b.js">
      <script>self.__next_f.push([1,"x"])</script><script type="application/ld+json">{"a":1}</script>`;
    const scripts = extractScripts(page);
    expect(scripts.external.map((s) => s.url)).toEqual(['/a.js', '/b.js']);
    expect(scripts.inline).toHaveLength(1);
    expect(scripts.jsonLd).toBe(1);
    expect(hasRscPayload(page)).toBe(true);
    expect(extractScripts('<p>No scripts</p>').external).toEqual([]);
  });

  it('judges issue 12’s targets against nginx measured in the same run', () => {
    const good = evaluateTargets({ masthead: { rps: 3_200, p99Ms: 60, rssMB: 120 }, nginx: { rps: 6_000, p99Ms: 45 } });
    expect(good.map((v) => [v.name, v.pass])).toEqual([
      ['req/s masthead/nginx', true],
      ['p99 masthead/nginx', true],
      ['RSS after load', true],
    ]);
    const today = evaluateTargets({ masthead: { rps: 650, p99Ms: 280, rssMB: 300 }, nginx: { rps: 6_000, p99Ms: 45 } });
    expect(today.every((v) => !v.pass)).toBe(true);
  });

  it('reads wrk’s report, whatever unit its latencies are in', () => {
    const report = `Running 20s test @ http://127.0.0.1:8080/the-harbour-wall
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.84ms    6.12ms  78.47ms   84.71%
    Req/Sec     3.31k   425.20     4.35k    70.50%
  Latency Distribution
     50%  812.00us
     75%    9.45ms
     90%   14.71ms
     99%    1.20s
  131905 requests in 20.01s, 2.63GB read
  Socket errors: connect 0, read 2, write 0, timeout 12
  Non-2xx or 3xx responses: 5
Requests/sec:   6591.09
Transfer/sec:    134.38MB
`;
    expect(parseWrk(report)).toEqual({ rps: 6591.09, p50Ms: 0.812, p99Ms: 1200, requests: 131905, non2xx: 5, errors: 14 });
    const clean = parseWrk(report.replace(/ {2}Socket errors.*\n {2}Non-2xx.*\n/, ''));
    expect(failuresOf({ ...clean })).toEqual([]);
    expect(() => parseWrk('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/not a wrk report/);
  });

  it('reads a process’s CPU ticks and resident memory from /proc, names with spaces and parentheses included', () => {
    const stat = '4242 (nginx: worker (x)) S 4241 4241 4241 0 -1 4194624 100 0 0 0 1500 250 0 0 20 0 1 0 100 1000000 500';
    expect(cpuTicksOf(stat)).toBe(1750);
    expect(rssBytesOf('Name:\tnode\nVmRSS:\t  245760 kB\nThreads:\t11\n')).toBe(245_760 * 1024);
  });

  it('summarises rounds as medians with their spread', () => {
    const round = (rps: number, p99Ms: number) => ({ rps, p50Ms: 1, p99Ms, requests: 1, non2xx: 0, errors: 0, cpuMsPerRequest: 0.5, rssMB: 100 });
    expect(summarize([round(10, 5), round(30, 9), round(20, 7)])).toMatchObject({ rps: 20, p99Ms: 7, spread: { rps: [10, 30], p99Ms: [5, 9] } });
  });
});
