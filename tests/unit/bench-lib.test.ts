import { describe, expect, it } from 'vitest';
import { evaluateTargets, extractScripts, hasRscPayload, median } from '@/bench/lib';

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

  it('judges the targets against the blog-starter reference', () => {
    const verdicts = evaluateTargets({ nextRps: 1400, staticRps: 8400, nextP99Ms: 70, htmlGzipBytes: 18_700, externalJsGzipBytes: 0 });
    expect(verdicts.map((v) => [v.name, v.pass])).toEqual([
      ['throughput next/static', true],
      ['p99 latency (next)', true],
      ['bytes HTML+JS gzip', true],
    ]);
    const heavy = evaluateTargets({ nextRps: 1400, staticRps: 60_000, nextP99Ms: 130, htmlGzipBytes: 11_500, externalJsGzipBytes: 184_000 });
    expect(heavy.every((v) => !v.pass)).toBe(true);
  });
});
