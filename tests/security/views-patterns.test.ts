// Point 1 of issue 10 for lib/views: every pattern that sees a header or path a stranger wrote runs
// in time linear in it. Each input is the longest a header can be (Node's 16 KB header limit, all of
// it in one header) and is built against one pattern: long runs of what the pattern loops over,
// near-misses of its literals, and the shapes its anchored branches almost accept.
import { getPattern as isbotPattern } from 'isbot';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTHOR_COOKIE, isAuthorSession } from '@/lib/auth/service';
import { resetEnvForTest } from '@/lib/env';
import { parseCookies } from '@/lib/request';
import { addressKey } from '@/lib/views/address';
import { isBot, referrerDomain, skipReason, slugFromPath } from '@/lib/views/classify';
import { fastestMs } from './support/timing';

const LIMIT = 16 * 1024;
const BUDGET_MS = 50;
const fill = (unit: string, prefix = '', suffix = '') => prefix + unit.repeat(Math.floor((LIMIT - prefix.length - suffix.length) / unit.length)) + suffix;
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 ';

/** Inputs aimed at the user-agent patterns: isbot's list (anchored branches, \w+ runs, @…\., ;…;$) and ours (literal alternations). */
const USER_AGENTS: Record<string, string> = {
  'one word char': fill('a'),
  'spaces': fill(' '),
  'word then almost a version (\\b\\w+/1\\.0;)': fill('a', '', '/1.0'),
  'a version that never ends (/v?\\d+(\\.\\d+)?(\\.\\d{1,10})*?)': fill('.1', 'a/1', '!'),
  'digits past \\d{1,10}': fill('1', 'a/1.', '!'),
  'an e-mail that never gets its dot (@[a-z][\\w-]+\\.)': fill('-', '@a'),
  'many near e-mails': fill('@a-'),
  'semicolon then a long word (;\\s\\w+;$)': fill('a', '; '),
  'repeated ; a': fill('; a'),
  'Mozilla prefix then junk (^mozilla/\\d\\.\\d\\s\\(…\\)$)': fill('a1 ', 'Mozilla/5.0 ('),
  'Mozilla/5.0 repeated': fill('Mozilla/5.0 '),
  '(compatible; repeated': fill('(compatible; '),
  'a real browser, repeated': fill(CHROME),
  'slashes': fill('a/'),
  'no spaces at all (^[^ ]{50,}$) then a space': fill('a', '', ' '),
  'lookbehind bait ( channel/google)': fill(' channel/google'),
  'near-misses of our literals': fill('headles gtmetri uptim pingdo curl wget pytho libww feeed rs '),
  'near-misses of isbot literals': fill('crawspidescrapmonitobo '),
  'headless, to reach the headless rules': fill('HeadlessChrom', CHROME, 'HeadlessChrome/131'),
};

function expectLinear(label: string, run: () => unknown) {
  const ms = fastestMs(run);
  expect(ms, `${label}: ${ms.toFixed(2)} ms`).toBeLessThan(BUDGET_MS);
  return ms;
}

beforeAll(() => {
  Object.assign(process.env, { APP_SECRET: 'test-secret-test-secret-test-secret-42' });
  resetEnvForTest();
});

describe('view counting patterns at the 16 KB header limit', () => {
  it('isbot’s own pattern, and our bot rules in both modes, stay linear on inputs built against them', () => {
    const pattern = isbotPattern();
    for (const [label, ua] of Object.entries(USER_AGENTS)) {
      expect(ua.length).toBeGreaterThan(LIMIT - 100);
      expectLinear(`isbot pattern / ${label}`, () => pattern.test(ua));
      expectLinear(`isBot / ${label}`, () => isBot(ua));
      expectLinear(`isBot counting headless / ${label}`, () => isBot(ua, true));
    }
  });

  it('the whole classification of a request whose every header is at the limit', () => {
    for (const [label, ua] of Object.entries(USER_AGENTS)) {
      for (const purpose of [fill('prefetc'), fill('preview', 'x'), fill(' ')]) {
        expectLinear(`skipReason / ${label}`, () => skipReason({ method: 'GET', userAgent: ua, purpose, isAuthor: false, countHeadless: false }));
      }
    }
  });

  it('referrers: the domain of a Referer at the limit', () => {
    for (const referer of [
      fill('a.', 'https://'),
      fill('www.', 'https://', 'example.'),
      fill('.', 'https://a'),
      fill('%', 'http://'),
      fill('[', 'https://'),
      fill('a', 'https://example.com/'),
      fill('/', 'https://example.com'),
      fill(':', 'https://'),
    ]) expectLinear(`referrerDomain ${referer.slice(0, 20)}…`, () => referrerDomain(referer, 'www.example.com'));
  });

  it('paths: a request target at the limit (a run of slashes made the old /\\/+$/ trim take ~800 ms)', () => {
    for (const path of [fill('/', 'x', 'x'), fill('/', '/x', 'x'), fill('/'), fill('%E0%A4%A', '/'), fill('a', '/')]) {
      expectLinear(`slugFromPath ${path.slice(0, 12)}…`, () => slugFromPath(path));
    }
  });

  it('cookies: an author cookie and a Cookie header at the limit', () => {
    for (const header of [fill('a=', `${AUTHOR_COOKIE}=`), fill(';'), fill('a', `${AUTHOR_COOKIE}=`), fill('.', `${AUTHOR_COOKIE}=a`), fill('%2', `${AUTHOR_COOKIE}=`)]) {
      expectLinear(`author cookie ${header.slice(0, 20)}…`, () => isAuthorSession(parseCookies(header)[AUTHOR_COOKIE]));
    }
  });

  it('addresses: an X-Forwarded-For entry at the limit', () => {
    for (const ip of [fill(':'), fill('1:'), fill('%'), fill('f', '::ffff:'), fill('.1', '1')]) {
      expectLinear(`addressKey ${ip.slice(0, 12)}…`, () => addressKey(ip));
    }
  });
});
