import { describe, expect, it } from 'vitest';
import { builtSiteUrl, chooseSendSiteUrl, localLinksRefusal } from '@/lib/newsletter/send-site';

const choose = (over: Partial<Parameters<typeof chooseSendSiteUrl>[0]>) =>
  chooseSendSiteUrl({ built: null, envSiteUrl: undefined, fallback: 'http://localhost:3000', mode: 'send', allowLocalLinks: false, ...over });

describe('where the links of a sent issue point', () => {
  it('reads the address the build is served at from the settings npm start records', () => {
    expect(builtSiteUrl('{"SITE_URL":"https://notes.example/","PORT":"9"}')).toBe('https://notes.example');
    expect(builtSiteUrl('{"SITE_URL":"","PORT":"4100"}')).toBe('http://localhost:4100');
    expect(builtSiteUrl('{"SITE_URL":""}')).toBeNull();
    expect(builtSiteUrl('not json')).toBeNull();
    expect(builtSiteUrl('null')).toBeNull();
  });

  it("prefers the build's address, and refuses a shell that names another", () => {
    expect(choose({ built: 'https://notes.example' })).toEqual({ ok: true, value: 'https://notes.example' });
    expect(choose({ built: 'https://notes.example', envSiteUrl: 'https://notes.example/' })).toEqual({ ok: true, value: 'https://notes.example' });
    expect(choose({ envSiteUrl: 'https://notes.example' })).toEqual({ ok: true, value: 'https://notes.example' });
    expect(choose({ built: 'https://notes.example', envSiteUrl: 'https://old.example' })).toMatchObject({ ok: false });
  });

  it('refuses loopback links to readers unless allowed; previews and dry runs may use them', () => {
    for (const built of ['http://localhost:4100', 'http://127.0.0.1:3000', 'http://[::1]:3000', 'http://masthead.localhost']) {
      expect(choose({ built })).toMatchObject({ ok: false, error: expect.stringContaining('--allow-local-links') });
      expect(choose({ built, allowLocalLinks: true })).toEqual({ ok: true, value: built });
      expect(choose({ built, mode: 'test' })).toEqual({ ok: true, value: built });
      expect(choose({ built, mode: 'dry-run' })).toEqual({ ok: true, value: built });
    }
    expect(choose({})).toMatchObject({ ok: false });
    expect(localLinksRefusal('https://notes.example', 'x')).toBeNull();
    expect(localLinksRefusal('http://localhost:3000', 'do x')).toMatch(/^Not sent: .* or do x\.$/);
  });
});
