// The comment feeds and /search through the production server (scripts/server.mjs on the build, what
// `npm start` runs) with its page cache at the defaults, on a fixture newsletter: a comment shows in
// the stored feeds the moment it is approved and leaves them the moment it is deleted; /search is
// plain HTML that works without JavaScript, is never stored, and escapes what it shows back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfNeeded } from '../scale/global-setup';
import { BROWSER_UA, fixtureContent, raw, startCacheServer, untilCached, type Server } from '../support/page-cache';

const PASSWORD = 'a password for the feed test';
let server: Server;
let author = '';

beforeAll(async () => {
  buildIfNeeded();
  server = await startCacheServer('feeds-search', fixtureContent(), { AUTHOR_PASSWORD: PASSWORD });
  const res = await fetch(`${server.url}/admin/sign-in`, { method: 'POST', redirect: 'manual', headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ password: PASSWORD }) });
  author = res.headers.getSetCookie().find((c) => c.startsWith('masthead_author='))?.split(';')[0] ?? '';
  expect(author).not.toBe('');
}, 900_000);
afterAll(() => server?.kill('SIGTERM'));

async function post(slug: string, body: string): Promise<{ id: string; status: string }> {
  const token = ((await (await fetch(`${server.url}/api/comments?slug=${slug}`)).json()) as { formToken: string }).formToken;
  const res = await fetch(`${server.url}/api/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': BROWSER_UA },
    body: new URLSearchParams({ slug, formToken: token, name: 'Feed Reader', email: 'feed.reader@example.com', body }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; status: string };
}
async function moderate(id: string, action: 'approve' | 'delete') {
  const res = await fetch(`${server.url}/admin/comments/action`, {
    method: 'POST', redirect: 'manual',
    headers: { origin: server.url, cookie: author, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ id, action, back: 'pending' }),
  });
  expect(res.status).toBe(303);
}
const text = async (p: string) => (await raw(server.url, p)).body.toString();

describe('the comment feeds through the page cache', () => {
  it('show a comment the moment it is approved, and drop it the moment it is deleted', async () => {
    // More links than COMMENTS_MAX_LINKS (3): held for the author whatever the moderation mode.
    const words = `Held then approved ${Date.now()}`;
    const held = await post('first-light', `${words} https://a.example https://b.example https://c.example https://d.example`);
    expect(held.status).toBe('pending');
    for (const feed of ['/first-light/comments.xml', '/comments.xml']) {
      const stored = await untilCached(server.url, feed);
      expect(stored.headers['x-masthead-cache'], feed).toBe('hit');
      expect(stored.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      expect(stored.body.toString()).not.toContain(words);
    }
    await moderate(held.id, 'approve');
    for (const feed of ['/first-light/comments.xml', '/comments.xml']) {
      const xml = await text(feed);
      expect(xml, feed).toContain(words);
      expect(xml).toContain(`href="http://localhost:${server.port}/first-light#comment-${held.id}"`); // SITE_URL's default
      expect(xml).not.toContain('feed.reader@example.com');
      expect((await untilCached(server.url, feed)).body.toString()).toContain(words); // and stored again, with it
    }
    expect(await text('/second-wind/comments.xml')).not.toContain(words);
    await moderate(held.id, 'delete');
    for (const feed of ['/first-light/comments.xml', '/comments.xml']) expect(await text(feed), feed).not.toContain(words);
  });

  it('are linked from the issue page and the home page, and exist only for live issues', async () => {
    expect(await text('/first-light')).toContain(`<link rel="alternate" type="application/atom+xml" title="Comments on “First light”" href="http://localhost:${server.port}/first-light/comments.xml">`);
    expect(await text('/')).toContain(`href="http://localhost:${server.port}/comments.xml"`);
    expect((await raw(server.url, '/no-such-issue/comments.xml')).status).toBe(404);
  });
});

describe('/search', () => {
  it('answers with server-rendered results: issues, then comments linking to each', async () => {
    const comment = await post('second-wind', 'Tangerine notes for the search test.');
    const res = await raw(server.url, '/search?q=tangerine');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-masthead-cache']).toBeUndefined();
    const page = res.body.toString();
    expect(page).toContain('<h2 id="search-comments">Comments</h2>');
    expect(page).toContain(`href="/second-wind#comment-${comment.id}"`);
    expect(page).toContain('<mark>Tangerine</mark> notes');
    expect(page).not.toContain('<script'); // nothing to run: it works without JavaScript
    const second = await text('/search?q=second');
    expect(second).toContain('<a href="/second-wind"><mark>Second</mark> wind</a>');
  });

  it('has a labelled search form in every page’s header', async () => {
    for (const p of ['/', '/first-light', '/archive', '/search', '/no-such-page']) {
      const page = await text(p);
      expect(page, p).toMatch(/<form class="site-search" role="search" method="get" action="\/search" aria-label="Search the site">/);
      expect(page).toContain('<label for="site-search-q" class="sr-only">Search the site</label>');
    }
  });

  it('answers hostile queries with a page and a hint, never an error, showing them as text', async () => {
    for (const q of ['"unbalanced', 'NEAR(', '*', 'title:', '-', "' OR 1=1 --", '%', 'x'.repeat(10_240), '\u0000', '%0d%0a']) {
      const res = await raw(server.url, `/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
    const hint = await text(`/search?q=${encodeURIComponent('"*"')}`);
    expect(hint).toContain('has no words to search for');
    const shown = await text(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(shown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(shown).not.toContain('<script>alert(1)');
    const long = await text(`/search?q=${'word+'.repeat(2000)}`);
    expect(long).toContain('Only the first 200 characters were searched.');
  });
});
