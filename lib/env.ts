import { z } from 'zod';
import { parseAccessLog, parsePageCacheSettings } from './page-cache-settings.mjs';
import { SERVER_LIMIT_DEFAULTS as LIMITS } from './server-limits.mjs';
import { parseTrustProxy } from './trust-proxy.mjs';
import { parseRateLimit } from './security/rate-limit';

/** Where the database lives when DATABASE_URL is unset: a SQLite file next to the app. */
export const DEFAULT_DATABASE_URL = 'file:./var/masthead.db';

// A rate limit, read by the one parser the services use: a value it refuses stops the process at
// start, so no bad value can ever mean "no limit".
const rateLimit = (fallback: string) =>
  z
    .string()
    .transform((spec, ctx) => {
      const parsed = parseRateLimit(spec);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: 'must look like 5/10m or 60/m (at least 1 per window of 1 s to 366 d) or off' });
      return z.NEVER;
    })
    .prefault(fallback);

// One parser with scripts/server.mjs, which applies these settings (scripts/page-cache-settings.mjs).
/** An optional setting checked by the parser its own module owns (shared with scripts/server.mjs), whose message is shown as is. */
const checkedBy = (parse: (value: string) => { ok: true } | { ok: false; error: string }) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const parsed = parse(value);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
    })
    .optional();

const pageCacheSetting = (name: 'REDIS_URL' | 'REDIS_PREFIX' | 'PAGE_CACHE_MB') => checkedBy((value) => parsePageCacheSettings({ [name]: value }));

const seconds = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/**
 * Every environment variable Masthead reads, parsed once. Each has a working
 * default for local use; the README's configuration table mirrors this file.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SITE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SITE_TITLE: z.string().min(1).default('Notes from the CTO'),
  SITE_DESCRIPTION: z
    .string()
    .min(1)
    .default('Long essays on engineering leadership, for engineers on their way to becoming CTOs.'),
  SITE_LANG: z.string().min(2).default('en'),
  AUTHOR_NAME: z.string().min(1).default('Robin Hale'),
  CONTENT_DIR: z.string().min(1).default('content'),
  /** The content's git repository (anything `git clone` takes). Unset: the checkout's own CONTENT_DIR. */
  CONTENT_GIT_URL: z.string().min(1).max(2000).refine((v) => !v.startsWith('-'), { error: 'must be a repository address, not an option' }).optional(),
  CONTENT_GIT_BRANCH: z.string().min(1).max(200).default('main'),
  /** Where the server keeps its clone and the published versions' folders. */
  CONTENT_CLONE_DIR: z.string().min(1).default('var/content'),
  /** How long a draft's preview link works (lib/content/preview.ts). */
  PREVIEW_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** The push webhook's shared secret (POST /api/publish). Unset: the webhook refuses every delivery. */
  PUBLISH_SECRET: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, { error: 'must start with file: (SQLite) or postgres:// (PostgreSQL)' })
    .default(DEFAULT_DATABASE_URL),
  /** Signs cookies and links. Unset locally: a random one is kept in var/app-secret. */
  APP_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  AUTHOR_EMAIL: z.email().default('author@example.com'),
  AUTHOR_PASSWORD: z.string().min(8, { error: 'must be at least 8 characters' }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be smtp://… or smtps://…' }).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  MAIL_DIR: z.string().min(1).default('var/mail'),
  COMMENTS_MODERATION: z.enum(['post', 'first', 'pre']).default('post'),
  COMMENTS_RATE_LIMIT: rateLimit('5/10m'),
  COMMENTS_NOTIFY: z.enum(['each', 'digest', 'off']).default('each'),
  COMMENTS_MIN_SECONDS: z.coerce.number().min(0).max(600).default(3),
  /** The proxies whose X-Forwarded-For is believed: addresses, CIDRs, `loopback` (lib/trust-proxy.mjs). Unset: nobody. */
  TRUST_PROXY: checkedBy(parseTrustProxy),
  /** Slow clients (lib/server-limits.mjs): header and whole-request deadlines, idle sockets, connections. */
  HEADERS_TIMEOUT_SECONDS: seconds(LIMITS.HEADERS_TIMEOUT_SECONDS, 600),
  REQUEST_TIMEOUT_SECONDS: seconds(LIMITS.REQUEST_TIMEOUT_SECONDS, 3600),
  IDLE_TIMEOUT_SECONDS: seconds(LIMITS.IDLE_TIMEOUT_SECONDS, 3600),
  MAX_CONNECTIONS: z.coerce.number().int().min(10).max(100_000).default(LIMITS.MAX_CONNECTIONS),
  NEWSLETTER_CTA: z
    .string()
    .min(1)
    .default('Enjoyed the read? Join a growing community of more than {count} future CTOs.'),
  /** Minutes between an issue with `newsletter: true` going live (the author's preview) and the send to every reader. */
  NEWSLETTER_HOLD_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
  POPUP_DELAY_SECONDS: z.coerce.number().min(0).max(3600).default(20),
  SUBSCRIBE_RATE_LIMIT: rateLimit('5/10m'),
  COMMENTS_MAX_LINKS: z.coerce.number().int().min(0).max(100).default(3),
  /** Reply by email (lib/mail/inbound): the domain of the `reply+<token>@…` addresses. Unset: the host of SITE_URL. */
  REPLY_DOMAIN: z
    .string()
    .toLowerCase()
    .regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/, { error: 'must be a domain name, e.g. notes.example.com' })
    .optional(),
  /** The port Masthead receives replies on with its own SMTP server. Unset: it receives none (npm run mail:receive still works). */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** The largest reply accepted, in bytes, counted as it arrives. */
  INBOUND_MAX_BYTES: z.coerce.number().int().min(4096).max(25 * 1024 * 1024).default(256 * 1024),
  /** Log level of the JSON logs on stdout (pino). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The access log (scripts/server.mjs): on, off or sample:N; answers of 500 or more are always logged. */
  ACCESS_LOG: checkedBy(parseAccessLog),
  /** The page cache (scripts/page-cache.mjs): shared through Redis when REDIS_URL is set; each instance's memory holds PAGE_CACHE_MB. */
  REDIS_URL: pageCacheSetting('REDIS_URL'),
  REDIS_PREFIX: pageCacheSetting('REDIS_PREFIX'),
  PAGE_CACHE_MB: pageCacheSetting('PAGE_CACHE_MB'),
  /** View counting: off stops counting (the counts already stored stay on the pages). */
  VIEWS: z.enum(['on', 'off']).default('on'),
  /** Count headless browsers (Playwright, Puppeteer) as readers: for tests and benchmarks only. */
  VIEWS_COUNT_HEADLESS: z.enum(['0', '1']).default('0'),
  /** Readers one address (IPv6: its /64) can add to an issue's count in a day: a household or small office behind one NAT. */
  VIEWS_PER_ADDRESS: z.coerce.number().int().min(1).max(1000).default(4),
  /** Days each view is kept in detail (with its referrer) before it is rolled up into daily totals. */
  VIEWS_RETENTION_DAYS: z.coerce.number().int().min(31).max(3650).default(90),
});

export type Env = z.infer<typeof envSchema> & { SITE_URL: string; REPLY_DOMAIN: string };

function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset": a blank line in a .env file must not defeat a default.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new Error(`Invalid environment variable ${name}: ${issue.message}`);
  }
  const siteUrl = trimTrailingSlashes(parsed.data.SITE_URL ?? `http://localhost:${parsed.data.PORT}`);
  // Secrets have no production default: the random local key in var/app-secret would differ on
  // every instance and vanish with the disk. Local use (localhost, 127.0.0.1) keeps the default.
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.APP_SECRET && !isLocalUrl(siteUrl)) {
    throw new Error('Invalid environment variable APP_SECRET: required when SITE_URL is a public address; generate one with `openssl rand -base64 48`');
  }
  return { ...parsed.data, SITE_URL: siteUrl, REPLY_DOMAIN: parsed.data.REPLY_DOMAIN ?? new URL(siteUrl).hostname };
}

/** `https://x.example//` → `https://x.example`: a loop, since `/\/+$/` backtracks quadratically on long runs. */
export function trimTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47) end--;
  return url.slice(0, end);
}

/** Whether the site is only reachable from this machine (a local install or a test). */
export function isLocalUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\./.test(host);
}

let cached: Env | undefined;

/** The parsed environment (throws one clear line naming a malformed variable). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests: parse an explicit environment without touching the cache. */
export const parseEnvForTest = parseEnv;

/** For tests: forget the parsed environment so the next getEnv() reads process.env again. */
export function resetEnvForTest(): void {
  cached = undefined;
}
