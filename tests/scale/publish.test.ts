// Publishing by git push to two instances on one PostgreSQL, as deployed: real server processes of
// the production build, a real bare repository (the test commits and pushes), signed webhooks.
// Readers read throughout; not one read may fail.
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContentRepo, githubPush, issueFile, type ContentRepo } from '../support/content-repo';
import { BROWSER_UA, createDatabase, ROOT, startInstance, type Instance } from './support';

const POSTGRES = process.env.TEST_POSTGRES_URL?.trim();
const SECRET = 'publish-secret-for-the-scale-test';
const fixture = {
  'first-light.md': issueFile({ title: 'First light', date: '2025-01-01', tags: ['field-notes'] }),
  'second-wind.md': issueFile({ title: 'Second wind', date: '2025-01-08', tags: ['field-notes'], body: 'After [First light](/first-light).' }),
  'pages/intro.md': 'A fixture newsletter for the publishing test.',
};

/** Readers on both instances, all the time: every answer that is not 2xx is kept. */
function readThroughout(instances: Instance[], paths: () => string[], connections = 10) {
  let running = true;
  const failures: string[] = [];
  let reads = 0;
  const loops = Array.from({ length: connections }, async (_, n) => {
    while (running) {
      const base = instances[n % instances.length]!.url;
      const list = paths();
      const p = list[Math.floor(Math.random() * list.length)]!;
      try {
        const res = await fetch(`${base}${p}`, { headers: { 'user-agent': BROWSER_UA } });
        await res.arrayBuffer();
        reads++;
        if (res.status < 200 || res.status >= 300) failures.push(`${res.status} ${base}${p}`);
      } catch (error) {
        failures.push(`${(error as Error).message} ${base}${p}`);
      }
    }
  });
  return {
    failures,
    reads: () => reads,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function webhook(instance: Instance, body = githubPush(SECRET)) {
  const res = await fetch(`${instance.url}/api/publish`, { method: 'POST', headers: body.headers, body: body.body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function waitFor<T>(what: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await what();
    if (ok(value) || Date.now() - started > timeoutMs) return { value, ms: Date.now() - started };
    await new Promise((r) => setTimeout(r, 100));
  }
}

const statusOf = async (base: string, p: string) => (await fetch(`${base}${p}`, { headers: { 'user-agent': BROWSER_UA } })).status;
const textOf = async (base: string, p: string) => (await fetch(`${base}${p}`, { headers: { 'user-agent': BROWSER_UA } })).text();

describe.skipIf(!POSTGRES)('publishing by git push to two instances', () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let repo: ContentRepo;
  const stores: string[] = [];
  let a: Instance;
  let b: Instance;
  let env: Record<string, string>;
  const start = (name: string) => {
    const store = mkdtempSync(path.join(os.tmpdir(), `masthead-store-${name}-`));
    stores.push(store);
    return startInstance(name, { ...env, CONTENT_CLONE_DIR: store });
  };

  beforeAll(async () => {
    database = await createDatabase(POSTGRES!);
    repo = createContentRepo(fixture);
    // Views off: the pages compared byte for byte must not change because the test itself read them.
    env = { DATABASE_URL: database.url, CONTENT_GIT_URL: repo.url, PUBLISH_SECRET: SECRET, VIEWS: 'off' };
    a = await start('a');
    b = await start('b');
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
    await database?.drop();
    repo?.cleanup();
    for (const s of stores) rmSync(s, { recursive: true, force: true });
  });

  it('both instances serve the repository, not the checkout’s CONTENT_DIR', async () => {
    for (const i of [a, b]) {
      expect(await statusOf(i.url, '/first-light')).toBe(200);
      expect(await textOf(i.url, '/')).toContain('Second wind');
      expect(await statusOf(i.url, '/the-pilot-boat')).toBe(404); // in CONTENT_DIR, the fixture newsletter
    }
  });

  it('a push reaches both instances within seconds while readers read, and not one read fails', async () => {
    const live = ['/', '/first-light', '/second-wind', '/archive', '/feed.xml', '/tags/field-notes'];
    const readers = readThroughout([a, b], () => live);
    try {
      repo.write('third-time.md', issueFile({ title: 'Third time', date: '2025-01-15', tags: ['field-notes'] }));
      repo.write('first-light.md', issueFile({ title: 'First light, revised', date: '2025-01-01', tags: ['field-notes'] }));
      repo.push('Third time; First light revised');
      const started = Date.now();
      const answer = await webhook(a);
      const answered = Date.now();
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ status: 'published', changes: { added: ['third-time'], changed: ['first-light'], removed: [] } });
      // Live on A when it answers; on B within 10 s (the issue asks; it takes about a second).
      expect(await statusOf(a.url, '/third-time')).toBe(200);
      const onB = await waitFor(() => statusOf(b.url, '/third-time'), (s) => s === 200, 10_000);
      expect(onB.value).toBe(200);
      expect(Date.now() - started).toBeLessThan(10_000);
      console.log(`[publish] webhook → live on A in ${answered - started} ms, on B in ${Date.now() - started} ms`);
      for (const i of [a, b]) {
        expect(await textOf(i.url, '/')).toContain('Third time');
        expect(await textOf(i.url, '/second-wind')).toContain('Third time'); // its newer neighbour now
        expect(await textOf(i.url, '/first-light')).toContain('First light, revised');
        expect(await textOf(i.url, '/feed.xml')).toContain('third-time');
        expect(await textOf(i.url, '/sitemap.xml')).toContain('/third-time');
        expect(await statusOf(i.url, '/og/third-time')).toBe(200);
        expect(await statusOf(i.url, '/tags/field-notes')).toBe(200);
        expect(await textOf(i.url, '/tags/field-notes')).toContain('Third time');
      }
      live.push('/third-time');
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await readers.stop();
    }
    expect(readers.reads()).toBeGreaterThan(50);
    expect(readers.failures).toEqual([]);
  });

  it('a refused push changes nothing on either instance, byte for byte, and says what to fix', async () => {
    const paths = ['/', '/first-light', '/second-wind', '/third-time', '/archive', '/feed.xml', '/atom.xml', '/sitemap.xml', '/tags/field-notes'];
    const snapshot = async () => Promise.all([a, b].flatMap((i) => paths.map((p) => textOf(i.url, p))));
    const before = await snapshot();
    repo.write('second-wind.md', issueFile({ title: 'Second wind', date: '2025-13-08', tags: ['field-notes'] }));
    repo.write('fourth-wall.md', issueFile({ title: 'Fourth wall', date: '2025-01-22' }));
    repo.push('A bad date and a new issue');
    const answer = await webhook(b);
    expect(answer.status).toBe(422);
    expect(answer.json.problems).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'second-wind.md', field: 'date', problem: expect.any(String), fix: expect.any(String) })]));
    await new Promise((r) => setTimeout(r, 2_000)); // longer than an instance takes to notice a publish
    expect(await snapshot()).toEqual(before);
    expect(await statusOf(a.url, '/fourth-wall')).toBe(404);
    // Fixed: the next push publishes both.
    repo.write('second-wind.md', issueFile({ title: 'Second wind', date: '2025-01-08', tags: ['field-notes'], body: 'After [First light](/first-light).' }));
    repo.push('Fix the date');
    expect((await webhook(b)).json).toMatchObject({ status: 'published', changes: { added: ['fourth-wall'] } });
    expect((await waitFor(() => statusOf(a.url, '/fourth-wall'), (s) => s === 200, 10_000)).value).toBe(200);
  });

  it('pushes delivered to both instances at once are applied in order: both end on the newest commit', async () => {
    repo.write('fifth-day.md', issueFile({ title: 'Fifth day', date: '2025-01-29' }));
    repo.push('Fifth');
    const first = webhook(a);
    repo.write('sixth-sense.md', issueFile({ title: 'Sixth sense', date: '2025-02-05' }));
    repo.push('Sixth');
    const second = webhook(b);
    const answers = await Promise.all([first, second]);
    expect(answers.map((x) => x.status)).toEqual([200, 200]);
    for (const i of [a, b]) {
      const { value } = await waitFor(() => Promise.all([statusOf(i.url, '/fifth-day'), statusOf(i.url, '/sixth-sense')]), (s) => s.every((x) => x === 200), 10_000);
      expect(value).toEqual([200, 200]);
    }
    const seqs = (await database.query<{ seq: number; version: string }>('SELECT seq, version FROM "ContentPublish" ORDER BY seq')).map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it('a deleted issue answers 404 on both and leaves every list; a restarted instance serves the published commit', async () => {
    repo.remove('fifth-day.md');
    repo.push('Remove fifth');
    expect((await webhook(a)).json).toMatchObject({ changes: { removed: ['fifth-day'] } });
    for (const i of [a, b]) {
      expect((await waitFor(() => statusOf(i.url, '/fifth-day'), (s) => s === 404, 10_000)).value).toBe(404);
      expect(await textOf(i.url, '/')).not.toContain('Fifth day');
      expect(await textOf(i.url, '/feed.xml')).not.toContain('fifth-day');
    }
    await b.kill('SIGTERM');
    b = await start('b2');
    expect(await statusOf(b.url, '/sixth-sense')).toBe(200);
    expect(await statusOf(b.url, '/fifth-day')).toBe(404);
  });

  it('a scheduled issue goes live on both instances at its time, with nobody pushing', async () => {
    const at = new Date(Date.now() + 4_000);
    repo.write('on-the-hour.md', issueFile({ title: 'On the hour', date: '2025-02-12', extra: `publishAt: ${at.toISOString()}` }));
    repo.push('Scheduled');
    expect((await webhook(a)).status).toBe(200);
    expect(await statusOf(a.url, '/on-the-hour')).toBe(404);
    expect(await textOf(b.url, '/')).not.toContain('On the hour');
    for (const i of [a, b]) {
      const live = await waitFor(() => statusOf(i.url, '/on-the-hour'), (s) => s === 200, 60_000);
      expect(live.value).toBe(200);
      expect(Date.now() - at.getTime()).toBeLessThan(60_000);
      expect(await textOf(i.url, '/')).toContain('On the hour');
    }
  });

  it('the documented post-receive hook publishes a push and prints the outcome to the pusher', async () => {
    copyFileSync(path.join(ROOT, 'deploy', 'post-receive'), path.join(repo.url, 'hooks', 'post-receive'));
    chmodSync(path.join(repo.url, 'hooks', 'post-receive'), 0o755);
    repo.write('by-the-hook.md', issueFile({ title: 'By the hook', date: '2025-02-26' }));
    const output = repo.pushWithOutput('By the hook', { MASTHEAD_URL: b.url, PUBLISH_SECRET: SECRET });
    rmSync(path.join(repo.url, 'hooks', 'post-receive'));
    expect(output).toContain('"status":"published"');
    expect(output).toContain('by-the-hook');
    expect(output).toContain('HTTP 200');
    expect(await statusOf(b.url, '/by-the-hook')).toBe(200);
    expect((await waitFor(() => statusOf(a.url, '/by-the-hook'), (s) => s === 200, 10_000)).value).toBe(200);
  });

  it('refuses unsigned and wrongly signed deliveries without fetching, and ignores other branches', async () => {
    repo.write('seventh-seal.md', issueFile({ title: 'Seventh seal', date: '2025-02-19' }));
    repo.push('Seventh');
    const push = githubPush(SECRET);
    const unsigned = await fetch(`${a.url}/api/publish`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'push' }, body: push.body });
    expect(unsigned.status).toBe(401);
    const wrong = await fetch(`${a.url}/api/publish`, { method: 'POST', headers: { ...push.headers, 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, body: push.body });
    expect(wrong.status).toBe(401);
    const other = await webhook(a, githubPush(SECRET, 'drafts'));
    expect(other.status).toBe(202);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await statusOf(a.url, '/seventh-seal')).toBe(404);
    expect(await statusOf(b.url, '/seventh-seal')).toBe(404);
  });
});
