import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DATABASE_URL, getLogLevel, getSetting, parseEnvForTest } from '@/lib/env';

describe('environment', () => {
  it('has a working default for every variable', () => {
    const env = parseEnvForTest({});
    expect(env.SITE_URL).toBe('http://localhost:3000');
    expect(env.PORT).toBe(3000);
    expect(env.SITE_TITLE).toBe('Notes from the CTO');
  });

  it('derives the local site URL from PORT and trims a trailing slash from SITE_URL', () => {
    expect(parseEnvForTest({ PORT: '4100' }).SITE_URL).toBe('http://localhost:4100');
    expect(parseEnvForTest({ SITE_URL: 'https://notes.example.com/' }).SITE_URL).toBe('https://notes.example.com');
  });

  it('names the variable in one line when a value is malformed', () => {
    expect(() => parseEnvForTest({ SITE_URL: 'notes.example.com' })).toThrow(/^Invalid environment variable SITE_URL: /);
    expect(() => parseEnvForTest({ PORT: 'eighty' })).toThrow(/^Invalid environment variable PORT: /);
  });

  it('has no production default for the signing secret once the site is public', () => {
    const publicSite = { NODE_ENV: 'production', SITE_URL: 'https://notes.example.com' };
    expect(() => parseEnvForTest(publicSite)).toThrow(/^Invalid environment variable APP_SECRET: required when SITE_URL is a public address/);
    expect(parseEnvForTest({ ...publicSite, APP_SECRET: 'x'.repeat(48) }).APP_SECRET).toBe('x'.repeat(48));
    // A local production build (npm start on a laptop, the browser tests) keeps its local key.
    expect(() => parseEnvForTest({ NODE_ENV: 'production', SITE_URL: 'http://127.0.0.1:3210' })).not.toThrow();
    expect(() => parseEnvForTest({ NODE_ENV: 'production' })).not.toThrow();
  });

  it('refuses a page cache or access log setting the server could not use, naming the variable', () => {
    expect(() => parseEnvForTest({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/^Invalid environment variable REDIS_URL: must be a redis:\/\/ or rediss:\/\/ address/);
    expect(() => parseEnvForTest({ REDIS_PREFIX: 'two words' })).toThrow(/^Invalid environment variable REDIS_PREFIX/);
    expect(() => parseEnvForTest({ PAGE_CACHE_MB: '0' })).toThrow(/^Invalid environment variable PAGE_CACHE_MB/);
    expect(() => parseEnvForTest({ ACCESS_LOG: 'sometimes' })).toThrow(/^Invalid environment variable ACCESS_LOG: must be on, off or sample:N/);
    expect(() => parseEnvForTest({ REDIS_URL: 'redis://10.0.0.7:6379', REDIS_PREFIX: 'site-a:', PAGE_CACHE_MB: '200', ACCESS_LOG: 'sample:10' })).not.toThrow();
  });

  describe('one setting read as it is now (the logger, the database client)', () => {
    const saved = { DATABASE_URL: process.env.DATABASE_URL, LOG_LEVEL: process.env.LOG_LEVEL, GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND };
    afterEach(() => {
      for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    });

    it('follows the environment, keeps the one default, and names a malformed value', () => {
      process.env.DATABASE_URL = '';
      expect(getSetting('DATABASE_URL')).toBe(DEFAULT_DATABASE_URL);
      process.env.DATABASE_URL = 'file:./var/other.db';
      expect(getSetting('DATABASE_URL')).toBe('file:./var/other.db');
      process.env.DATABASE_URL = 'mysql://x';
      expect(() => getSetting('DATABASE_URL')).toThrow(/^Invalid environment variable DATABASE_URL: must start with file:/);
      delete process.env.GIT_SSH_COMMAND;
      expect(getSetting('GIT_SSH_COMMAND')).toBe('ssh -o BatchMode=yes');
    });

    it('logs silently under tests unless LOG_LEVEL says otherwise', () => {
      delete process.env.LOG_LEVEL;
      expect(getLogLevel()).toBe('silent'); // vitest runs with NODE_ENV=test
      process.env.LOG_LEVEL = 'warn';
      expect(getLogLevel()).toBe('warn');
      process.env.LOG_LEVEL = 'loud';
      expect(getLogLevel()).toBe('info');
    });
  });
});
