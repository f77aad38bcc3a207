import { describe, expect, it } from 'vitest';
import { parseEnvForTest } from '@/lib/env';

// Settings that guard the site must never fail open: a value the rate limiter cannot use stops the
// process at start (one line naming the variable) instead of silently meaning "no limit".
describe.each(['COMMENTS_RATE_LIMIT', 'SUBSCRIBE_RATE_LIMIT'])('%s', (name) => {
  it.each(['0/10m', '5/0m', '5/999d', 'lots', '5/10x', '-1/10m'])('refuses %s at start, naming the variable', (value) => {
    expect(() => parseEnvForTest({ [name]: value })).toThrow(new RegExp(`^Invalid environment variable ${name}: must look like 5/10m`));
  });

  it.each([
    ['60/m', { limit: 60, windowSeconds: 60 }],
    ['5/10m', { limit: 5, windowSeconds: 600 }],
    ['100/1h', { limit: 100, windowSeconds: 3600 }],
    ['10/366d', { limit: 10, windowSeconds: 366 * 86_400 }],
  ])('reads %s with the one parser the limiter uses', (value, expected) => {
    expect(parseEnvForTest({ [name]: value })[name as 'COMMENTS_RATE_LIMIT']).toEqual(expected);
  });

  it('is on by default (5 per 10 minutes), and off only when written as off', () => {
    expect(parseEnvForTest({})[name as 'COMMENTS_RATE_LIMIT']).toEqual({ limit: 5, windowSeconds: 600 });
    expect(parseEnvForTest({ [name]: 'off' })[name as 'COMMENTS_RATE_LIMIT']).toBe('off');
  });
});

describe('TRUST_PROXY', () => {
  it('trusts nobody by default', () => {
    expect(parseEnvForTest({}).TRUST_PROXY).toBeUndefined();
  });

  it.each(['loopback', '127.0.0.1', '10.0.0.5, 10.0.1.0/24', '::1', 'loopback,uniquelocal'])('accepts the proxies %s', (value) => {
    expect(parseEnvForTest({ TRUST_PROXY: value }).TRUST_PROXY).toBe(value);
  });

  it('refuses the old hop count with what to write instead', () => {
    expect(() => parseEnvForTest({ TRUST_PROXY: '1' })).toThrow(/^Invalid environment variable TRUST_PROXY: is a hop count \(1\); list the proxies' addresses instead, e\.g\. TRUST_PROXY=loopback/);
  });

  it.each(['true', '*', 'nginx', '10.0.0.0/99'])('refuses %s', (value) => {
    expect(() => parseEnvForTest({ TRUST_PROXY: value })).toThrow(/^Invalid environment variable TRUST_PROXY: must be a comma-separated list/);
  });
});

describe('server limits', () => {
  it('have defaults and refuse nonsense', () => {
    const env = parseEnvForTest({});
    expect([env.HEADERS_TIMEOUT_SECONDS, env.REQUEST_TIMEOUT_SECONDS, env.IDLE_TIMEOUT_SECONDS, env.MAX_CONNECTIONS]).toEqual([10, 30, 30, 1000]);
    expect(() => parseEnvForTest({ REQUEST_TIMEOUT_SECONDS: '0' })).toThrow(/^Invalid environment variable REQUEST_TIMEOUT_SECONDS: /);
    expect(() => parseEnvForTest({ HEADERS_TIMEOUT_SECONDS: 'ten' })).toThrow(/^Invalid environment variable HEADERS_TIMEOUT_SECONDS: /);
  });
});
