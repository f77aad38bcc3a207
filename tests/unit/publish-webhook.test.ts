import { describe, expect, it } from 'vitest';
import { judgeWebhook } from '@/lib/publish/webhook';
import { signBody } from '../support/content-repo';

const SECRET = 'a-webhook-secret-of-some-length';
const push = (ref = 'refs/heads/main') => Buffer.from(JSON.stringify({ ref, commits: [] }));
const h = (headers: Record<string, string>) => new Headers(headers);

describe('the push webhook', () => {
  it('accepts a GitHub push signed with the secret', () => {
    const body = push();
    expect(judgeWebhook(h({ 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${signBody(SECRET, body.toString())}` }), body, SECRET, 'main')).toEqual({ kind: 'push', provider: 'github', branch: 'main' });
  });

  it('accepts Gitea and Forgejo signatures (the bare hex HMAC) and the GitLab token', () => {
    const body = push();
    const sig = signBody(SECRET, body.toString());
    expect(judgeWebhook(h({ 'x-gitea-event': 'push', 'x-gitea-signature': sig }), body, SECRET, 'main')).toMatchObject({ kind: 'push', provider: 'gitea' });
    expect(judgeWebhook(h({ 'x-forgejo-event': 'push', 'x-forgejo-signature': sig.toUpperCase() }), body, SECRET, 'main')).toMatchObject({ kind: 'push', provider: 'gitea' });
    expect(judgeWebhook(h({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': SECRET }), body, SECRET, 'main')).toMatchObject({ kind: 'push', provider: 'gitlab' });
  });

  it('refuses a missing, wrong or altered signature, and any delivery when no secret is set', () => {
    const body = push();
    const sig = signBody(SECRET, body.toString());
    expect(judgeWebhook(h({ 'x-github-event': 'push' }), body, SECRET, 'main').kind).toBe('unauthorized');
    expect(judgeWebhook(h({ 'x-hub-signature-256': `sha256=${signBody('another-secret', body.toString())}` }), body, SECRET, 'main').kind).toBe('unauthorized');
    expect(judgeWebhook(h({ 'x-hub-signature-256': `sha256=${sig}` }), push('refs/heads/main '), SECRET, 'main').kind).toBe('unauthorized');
    expect(judgeWebhook(h({ 'x-hub-signature-256': sig }), body, SECRET, 'main').kind).toBe('unauthorized'); // no sha256= prefix
    expect(judgeWebhook(h({ 'x-hub-signature-256': 'sha256=' + sig.slice(0, 63) }), body, SECRET, 'main').kind).toBe('unauthorized');
    expect(judgeWebhook(h({ 'x-gitlab-token': SECRET.slice(0, -1) }), body, SECRET, 'main').kind).toBe('unauthorized');
    expect(judgeWebhook(h({ 'x-gitlab-token': SECRET }), body, undefined, 'main')).toMatchObject({ kind: 'unauthorized', reason: expect.stringContaining('PUBLISH_SECRET') });
  });

  it('ignores a push to another branch and events other than pushes; answers a ping', () => {
    const sign = (b: Buffer) => ({ 'x-hub-signature-256': `sha256=${signBody(SECRET, b.toString())}` });
    const other = push('refs/heads/drafts');
    expect(judgeWebhook(h({ 'x-github-event': 'push', ...sign(other) }), other, SECRET, 'main')).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('refs/heads/drafts') });
    const tag = push('refs/tags/v1');
    expect(judgeWebhook(h({ 'x-github-event': 'push', ...sign(tag) }), tag, SECRET, 'main').kind).toBe('ignored');
    const issue = Buffer.from('{"action":"opened"}');
    expect(judgeWebhook(h({ 'x-github-event': 'issues', ...sign(issue) }), issue, SECRET, 'main').kind).toBe('ignored');
    const ping = Buffer.from('{"zen":"Keep it logically awesome."}');
    expect(judgeWebhook(h({ 'x-github-event': 'ping', ...sign(ping) }), ping, SECRET, 'main').kind).toBe('ping');
  });

  it('says what is wrong with a signed body that is not a push', () => {
    const notJson = Buffer.from('ref=refs/heads/main');
    expect(judgeWebhook(h({ 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${signBody(SECRET, notJson.toString())}` }), notJson, SECRET, 'main').kind).toBe('invalid');
  });
});
