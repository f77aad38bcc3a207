// Pure pieces of the reading benchmark: no I/O, no clock, no globals, so they can be unit-tested
// directly. Everything that touches the network, processes or files lives in reading.ts.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** One measured wrk run against one server, with the server's own cost read from /proc. */
export interface RunSample {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** CPU time (user + system) of the server's processes per request, in ms. */
  cpuMsPerRequest: number;
  /** Resident memory of the server's processes after the run, in MB (10^6 bytes). */
  rssMB: number;
}

/** Median of each metric across rounds (it resists one noisy round better than the mean), with the spread. */
export interface RunSummary {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  rssMB: number;
  spread: { rps: [number, number]; p99Ms: [number, number] };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  // Both indexes exist for a non-empty list; the fallback only satisfies noUncheckedIndexedAccess.
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];

export function summarize(samples: readonly RunSample[]): RunSummary {
  const of = (key: keyof RunSample) => samples.map((s) => s[key]);
  return {
    rps: median(of('rps')),
    p50Ms: median(of('p50Ms')),
    p99Ms: median(of('p99Ms')),
    cpuMsPerRequest: median(of('cpuMsPerRequest')),
    rssMB: median(of('rssMB')),
    spread: { rps: range(of('rps')), p99Ms: range(of('p99Ms')) },
  };
}

/** Anything other than a clean 2xx run invalidates the figures, so callers fail on it. */
export function failuresOf(sample: Pick<RunSample, 'non2xx' | 'errors' | 'requests'>): string[] {
  const problems: string[] = [];
  if (sample.non2xx > 0) problems.push(`${sample.non2xx} non-2xx responses`);
  if (sample.errors > 0) problems.push(`${sample.errors} socket errors`);
  if (sample.requests === 0) problems.push('no completed requests');
  return problems;
}

const TIME_UNITS_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** wrk's report (run with --latency): requests/s, p50/p99, requests, non-2xx/3xx and socket errors. */
export function parseWrk(output: string): Pick<RunSample, 'rps' | 'p50Ms' | 'p99Ms' | 'requests' | 'non2xx' | 'errors'> {
  const time = (pct: string) => {
    const m = new RegExp(`^\\s*${pct}%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm').exec(output);
    if (!m) throw new Error(`wrk printed no ${pct}% latency (was it run with --latency?)`);
    return Number(m[1]) * TIME_UNITS_MS[m[2]!]!;
  };
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
  const requests = /^\s*(\d+) requests in /m.exec(output);
  if (!rps || !requests) throw new Error(`not a wrk report:\n${output}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    rps: Number(rps[1]),
    p50Ms: time('50'),
    p99Ms: time('99'),
    requests: Number(requests[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    errors: socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0,
  };
}

/** utime + stime, in clock ticks, from the text of /proc/<pid>/stat (the name may hold spaces and parentheses). */
export function cpuTicksOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3 of the man page, utime 14 and stime 15.
  return Number(fields[11]) + Number(fields[12]);
}

/** VmRSS from the text of /proc/<pid>/status, in bytes. */
export function rssBytesOf(status: string): number {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return kb ? Number(kb[1]) * 1024 : 0;
}

/** gzip at level 9 (the maximum), so our byte figure is a best case for gzip, stated as such. */
export const GZIP_LEVEL = 9;

export function gzipSize(data: string | Uint8Array): number {
  return gzipSync(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, { level: GZIP_LEVEL }).length;
}

/** brotli at quality 11 (the maximum), likewise a best case. */
export function brotliSize(data: string | Uint8Array): number {
  return brotliCompressSync(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

export function byteLength(data: string | Uint8Array): number {
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
}

export interface ExternalScript {
  url: string;
  /** `script` for <script src>, `preload` for <link rel=preload as=script> / modulepreload: both download JS. */
  via: 'script' | 'preload';
}

export interface InlineScript {
  type: string | null;
  body: string;
}

export interface PageScripts {
  external: ExternalScript[];
  /** Inline scripts that the browser would run or parse as code (JSON-LD excluded). */
  inline: InlineScript[];
  /** JSON-LD blocks: structured data, not client JavaScript, counted only for transparency. */
  jsonLd: number;
}

const SCRIPT_RE = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const LINK_RE = /<link\b([^>]*)>/gi;
// Unquoted values run to whitespace or `>`, as browsers read them (an `=` inside, as in a query string, included).
const ATTR_RE = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/** Attribute names lower-cased; valueless attributes (async, defer) map to ''. */
export function parseAttributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(ATTR_RE)) {
    const name = m[1];
    if (name) attrs.set(name.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attrs;
}

/** Only the entities that realistically appear in URLs and type attributes. */
function decodeEntities(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'");
}

/**
 * Finds the client JavaScript a page makes the browser fetch or run. A regex scan is enough here:
 * article text is HTML-escaped, so a literal `<script` in the markup is always a real element.
 */
export function extractScripts(html: string): PageScripts {
  const external: ExternalScript[] = [];
  const seen = new Set<string>();
  const addExternal = (url: string, via: ExternalScript['via']): void => {
    if (url === '' || seen.has(url)) return;
    seen.add(url);
    external.push({ url, via });
  };
  const inline: InlineScript[] = [];
  let jsonLd = 0;

  for (const m of html.matchAll(SCRIPT_RE)) {
    const attrs = parseAttributes(m[1] ?? '');
    const src = attrs.get('src');
    if (src !== undefined) {
      addExternal(src, 'script');
      continue;
    }
    const type = attrs.get('type')?.trim().toLowerCase() ?? null;
    const body = m[2] ?? '';
    if (type === 'application/ld+json') jsonLd += 1;
    else if (body.trim() !== '') inline.push({ type, body });
  }

  for (const m of html.matchAll(LINK_RE)) {
    const attrs = parseAttributes(m[1] ?? '');
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const isScriptPreload = rel.includes('modulepreload') || (rel.includes('preload') && attrs.get('as') === 'script');
    if (isScriptPreload) addExternal(attrs.get('href') ?? '', 'preload');
  }

  return { external, inline, jsonLd };
}

/** Next's App Router inlines its React Server Components payload as `self.__next_f.push(...)`. */
export function hasRscPayload(html: string): boolean {
  return html.includes('self.__next_f');
}

/** The figures are in KB; we read KB as 1,000 bytes (the stricter of the two readings). */
export const BYTES_PER_KB = 1000;

/** Issue 12's goals: against nginx serving the same bytes in the same run. */
export const TARGETS = {
  throughputFactor: 0.5,
  p99Factor: 3,
  maxRssMB: 150,
} as const;

export interface TargetInput {
  masthead: Pick<RunSummary, 'rps' | 'p99Ms' | 'rssMB'>;
  nginx: Pick<RunSummary, 'rps' | 'p99Ms'>;
}

export interface TargetVerdict {
  name: string;
  measured: number;
  target: number;
  comparison: '>=' | '<=';
  unit: string;
  pass: boolean;
}

export function evaluateTargets({ masthead, nginx }: TargetInput): TargetVerdict[] {
  const ratio = nginx.rps > 0 ? masthead.rps / nginx.rps : 0;
  const p99Ratio = nginx.p99Ms > 0 ? masthead.p99Ms / nginx.p99Ms : Infinity;
  return [
    { name: 'req/s masthead/nginx', measured: ratio, target: TARGETS.throughputFactor, comparison: '>=', unit: '×', pass: ratio >= TARGETS.throughputFactor },
    { name: 'p99 masthead/nginx', measured: p99Ratio, target: TARGETS.p99Factor, comparison: '<=', unit: '×', pass: p99Ratio <= TARGETS.p99Factor },
    { name: 'RSS after load', measured: masthead.rssMB, target: TARGETS.maxRssMB, comparison: '<=', unit: 'MB', pass: masthead.rssMB <= TARGETS.maxRssMB },
  ];
}
