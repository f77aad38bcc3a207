import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The push webhooks of GitHub, Gitea/Forgejo and GitLab, checked without trusting anything in the
 * request until its signature is good: GitHub and Gitea sign the raw body with HMAC-SHA256 and the
 * shared secret (X-Hub-Signature-256: sha256=<hex>, X-Gitea-Signature / X-Forgejo-Signature: <hex>);
 * GitLab sends the secret itself (X-Gitlab-Token). Every comparison takes constant time.
 */
export type WebhookHeaders = Pick<Headers, 'get'>;
export type Verdict =
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'ping' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'push'; provider: 'github' | 'gitea' | 'gitlab'; branch: string }
  | { kind: 'invalid'; reason: string };

/** Push bodies carry the commits' messages and files; 5 MiB is far above a real one and bounds the work. */
export const WEBHOOK_MAX_BYTES = 5 * 1024 * 1024;

const HEX_SIGNATURE = /^[0-9a-f]{64}$/i;

export function hmacHex(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function signatureMatches(given: string, secret: string, body: Buffer): boolean {
  if (!HEX_SIGNATURE.test(given)) return false;
  return sameBytes(Buffer.from(given.toLowerCase(), 'hex'), Buffer.from(hmacHex(secret, body), 'hex'));
}

function tokenMatches(given: string, secret: string): boolean {
  // Hash both sides first: equal lengths whatever was sent, so the comparison leaks nothing.
  const h = (s: string) => createHmac('sha256', 'masthead-webhook-token').update(s).digest();
  return sameBytes(h(given), h(secret));
}

/** Which provider signed the request, and whether its signature is right. */
export function authenticate(headers: WebhookHeaders, body: Buffer, secret: string | undefined): { provider: 'github' | 'gitea' | 'gitlab' } | { unauthorized: string } {
  if (!secret) return { unauthorized: 'publishing by webhook is off: set PUBLISH_SECRET on the server' };
  const github = headers.get('x-hub-signature-256');
  const gitea = headers.get('x-gitea-signature') ?? headers.get('x-forgejo-signature');
  const gitlab = headers.get('x-gitlab-token');
  if (gitea !== null) return signatureMatches(gitea.trim(), secret, body) ? { provider: 'gitea' } : { unauthorized: 'the signature does not match' };
  if (github !== null) {
    const value = github.trim();
    return value.startsWith('sha256=') && signatureMatches(value.slice(7), secret, body) ? { provider: 'github' } : { unauthorized: 'the signature does not match' };
  }
  if (gitlab !== null) return tokenMatches(gitlab, secret) ? { provider: 'gitlab' } : { unauthorized: 'the token does not match' };
  return { unauthorized: 'the request is not signed (X-Hub-Signature-256, X-Gitea-Signature or X-Gitlab-Token)' };
}

const pushSchema = z.object({ ref: z.string().max(1000) });

/** The verdict on one delivery: refused, a ping, a push to another branch, or a push to ours. */
export function judgeWebhook(headers: WebhookHeaders, body: Buffer, secret: string | undefined, branch: string): Verdict {
  const auth = authenticate(headers, body, secret);
  if ('unauthorized' in auth) return { kind: 'unauthorized', reason: auth.unauthorized };
  const event = (headers.get('x-github-event') ?? headers.get('x-gitea-event') ?? headers.get('x-forgejo-event') ?? headers.get('x-gitlab-event') ?? '').toLowerCase();
  if (event === 'ping') return { kind: 'ping' };
  if (event && event !== 'push' && event !== 'push hook') return { kind: 'ignored', reason: `"${event.slice(0, 50)}" events are not publishes` };
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { kind: 'invalid', reason: 'the body is not JSON' };
  }
  const push = pushSchema.safeParse(json);
  if (!push.success) return { kind: 'invalid', reason: 'the body has no "ref"' };
  if (push.data.ref !== `refs/heads/${branch}`) return { kind: 'ignored', reason: `a push to ${push.data.ref.slice(0, 200)}, not refs/heads/${branch}` };
  return { kind: 'push', provider: auth.provider, branch };
}
