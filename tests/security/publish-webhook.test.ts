import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/publish/route';
import { getIssue } from '@/lib/content/service';
import { parseEnvForTest, resetEnvForTest } from '@/lib/env';
import { publish } from '@/lib/publish/service';
import { githubPush, issueFile, signBody, type ContentRepo } from '../support/content-repo';
import { usePublishingFrom } from '../support/publishing';
import { useTestDatabase } from '../support/databases';

// Hostile deliveries to the push webhook, through its route handler, with a real repository behind it.
const SECRET = 'a-secret-for-the-hostile-webhook-tests';
const savedNodeEnv = process.env.NODE_ENV;
beforeAll(() => void ((process.env as Record<string, string>).NODE_ENV = 'production'));
afterAll(() => void ((process.env as Record<string, string>).NODE_ENV = savedNodeEnv ?? 'test'));

const deliver = (body: BodyInit, headers: Record<string, string>) =>
  POST(new Request('http://localhost/api/publish', { method: 'POST', body, headers, duplex: 'half' } as RequestInit));

describe('the push webhook under attack', () => {
  useTestDatabase('sqlite');
  const publishing = usePublishingFrom({ 'alpha.md': issueFile({ title: 'Alpha' }) });
  let repo: ContentRepo;
  let store: string;
  const clones = () => (existsSync(store) ? readdirSync(store) : []);

  beforeEach(() => {
    ({ repo, store } = publishing);
    process.env.PUBLISH_SECRET = SECRET;
    resetEnvForTest();
  });
  afterEach(() => {
    delete process.env.PUBLISH_SECRET;
    resetEnvForTest();
  });

  it('fetches nothing for an unsigned, wrongly signed or re-signed delivery', async () => {
    const { body, headers } = githubPush(SECRET);
    const attempts: Array<Record<string, string>> = [
      { 'content-type': 'application/json', 'x-github-event': 'push' },
      { ...headers, 'x-hub-signature-256': `sha256=${signBody('guessed-secret', body)}` },
      { ...headers, 'x-hub-signature-256': `sha256=${signBody(SECRET, body + ' ')}` },
      { 'content-type': 'application/json', 'x-gitea-signature': 'sha256=' + signBody(SECRET, body) },
      { 'content-type': 'application/json', 'x-gitlab-token': SECRET.toUpperCase() },
      { 'content-type': 'application/json', 'x-gitlab-token': '' },
    ];
    for (const h of attempts) {
      const res = await deliver(body, h);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    }
    expect(clones()).toEqual([]);
  });

  it('refuses every delivery when PUBLISH_SECRET is unset, even one signed with an empty secret', async () => {
    delete process.env.PUBLISH_SECRET;
    resetEnvForTest();
    const { body } = githubPush('');
    const res = await deliver(body, { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signBody('', body)}`, 'x-gitlab-token': '' });
    expect(res.status).toBe(401);
    expect(clones()).toEqual([]);
  });

  it('caps the body, announced or chunked, before it checks anything', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024 + 1);
    expect((await deliver(big, { 'content-type': 'application/json', 'content-length': String(big.length) })).status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        const piece = new Uint8Array(1024 * 1024).fill(120);
        for (let i = 0; i < 6; i++) controller.enqueue(piece);
        controller.close();
      },
    });
    expect((await deliver(chunks, { 'content-type': 'application/json' })).status).toBe(413);
    expect(clones()).toEqual([]);
  });

  it('a replayed delivery cannot roll the site back: every publish takes the branch head', async () => {
    const old = githubPush(SECRET);
    expect((await deliver(old.body, old.headers)).status).toBe(200);
    repo.write('bravo.md', issueFile({ title: 'Bravo', date: '2025-02-01' }));
    repo.push('Bravo');
    expect((await deliver(old.body, old.headers)).status).toBe(200);
    expect(getIssue('bravo')).not.toBeNull();
    const replay = await deliver(old.body, old.headers);
    expect(await replay.json()).toMatchObject({ status: 'unchanged' });
    expect(getIssue('bravo')).not.toBeNull();
  });

  it('answers a signed body that is not a push with 400, and a signed push to another branch with 202, fetching nothing', async () => {
    const notJson = '{"ref": ';
    expect((await deliver(notJson, { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signBody(SECRET, notJson)}` })).status).toBe(400);
    const other = githubPush(SECRET, 'main\u202e');
    expect((await deliver(other.body, other.headers)).status).toBe(202);
    expect(clones()).toEqual([]);
  });

  it('refuses a repository address that is an option, and a branch git would read as one', async () => {
    expect(() => parseEnvForTest({ CONTENT_GIT_URL: '--upload-pack=touch /tmp/pwned' })).toThrow(/CONTENT_GIT_URL/);
    process.env.CONTENT_GIT_BRANCH = '--upload-pack=touch';
    resetEnvForTest();
    expect(await publish('command')).toMatchObject({ status: 'failed', error: 'bad-branch' });
    process.env.CONTENT_GIT_URL = `ext::sh -c touch% ${path.join(store, 'pwned')}`;
    process.env.CONTENT_GIT_BRANCH = 'main';
    resetEnvForTest();
    expect(await publish('command')).toMatchObject({ status: 'failed' });
    expect(existsSync(path.join(store, 'pwned'))).toBe(false);
    delete process.env.CONTENT_GIT_BRANCH;
  });
});
