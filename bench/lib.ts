// Pure pieces of the reading benchmark: no I/O, no clock, no globals, so they can be unit-tested
// directly. Everything that touches the network, processes or files lives in reading.ts.
import { gzipSync } from 'node:zlib';

/** One measured autocannon run against one target. */
export interface RunSample {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** Median of each metric across rounds; the median resists one noisy round better than the mean. */
export interface RunSummary {
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  // Both indexes exist for a non-empty list; the fallback only satisfies noUncheckedIndexedAccess.
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

export function summarize(samples: readonly RunSample[]): RunSummary {
  return {
    rps: median(samples.map((s) => s.rps)),
    p50Ms: median(samples.map((s) => s.p50Ms)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
  };
}

/** Anything other than a clean 2xx run invalidates the figures, so callers fail on it. */
export function failuresOf(sample: RunSample): string[] {
  const problems: string[] = [];
  if (sample.non2xx > 0) problems.push(`${sample.non2xx} non-2xx responses`);
  if (sample.errors > 0) problems.push(`${sample.errors} request errors`);
  if (sample.timeouts > 0) problems.push(`${sample.timeouts} timeouts`);
  if (sample.requests === 0) problems.push('no completed requests');
  return problems;
}

/** gzip at level 9 (the maximum), so our byte figure is a best case for gzip, stated as such. */
export const GZIP_LEVEL = 9;

export function gzipSize(data: string | Uint8Array): number {
  return gzipSync(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, { level: GZIP_LEVEL }).length;
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

/**
 * Reference figures from the issue, measured on this kind of machine (2 cores) for a ~30 KB article:
 * Next's examples/blog-starter under `next start` vs nginx serving the same HTML as a static file.
 */
export const REFERENCE = {
  blogStarterRps: 1550,
  blogStarterP99Ms: 117,
  nginxStaticRps: 60000,
  htmlGzipKB: 11.5,
  jsGzipKB: 184,
  totalGzipKB: 195.5,
} as const;

/** The figures are in KB; we read KB as 1,000 bytes (the stricter of the two readings). */
export const BYTES_PER_KB = 1000;

export const TARGETS = {
  throughputFactor: 1.2,
  maxP99Ms: REFERENCE.blogStarterP99Ms,
  maxTotalGzipKB: REFERENCE.totalGzipKB / 2,
} as const;

export function referenceRatio(): number {
  return REFERENCE.blogStarterRps / REFERENCE.nginxStaticRps;
}

export interface TargetInput {
  nextRps: number;
  staticRps: number;
  nextP99Ms: number;
  htmlGzipBytes: number;
  /** External JS only: inline JS is already inside the HTML's gzip figure. */
  externalJsGzipBytes: number;
}

export interface TargetVerdict {
  name: string;
  measured: number;
  target: number;
  comparison: '>=' | '<=';
  unit: string;
  pass: boolean;
}

export function evaluateTargets(input: TargetInput): TargetVerdict[] {
  const ratio = input.staticRps > 0 ? input.nextRps / input.staticRps : 0;
  const totalKB = (input.htmlGzipBytes + input.externalJsGzipBytes) / BYTES_PER_KB;
  const ratioTarget = TARGETS.throughputFactor * referenceRatio();
  return [
    { name: 'throughput next/static', measured: ratio, target: ratioTarget, comparison: '>=', unit: '×', pass: ratio >= ratioTarget },
    { name: 'p99 latency (next)', measured: input.nextP99Ms, target: TARGETS.maxP99Ms, comparison: '<=', unit: 'ms', pass: input.nextP99Ms <= TARGETS.maxP99Ms },
    { name: 'bytes HTML+JS gzip', measured: totalKB, target: TARGETS.maxTotalGzipKB, comparison: '<=', unit: 'KB', pass: totalKB <= TARGETS.maxTotalGzipKB },
  ];
}
