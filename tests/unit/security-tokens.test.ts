import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashWithSalt, randomId, randomToken, signToken, verifyToken } from '@/lib/security/tokens';

const SECRET = 'test-secret-0123456789';
const NOW = new Date('2025-03-01T12:00:00Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

/** A token with a valid signature over any body, to test what happens after the signature check. */
function signRaw(body: string): string {
  const encoded = Buffer.from(body, 'utf8').toString('base64url');
  return `${encoded}.${createHmac('sha256', SECRET).update(encoded).digest('base64url')}`;
}

describe('signToken / verifyToken', () => {
  it('round-trips the payload with its expiry', () => {
    const token = signToken({ commentId: 'abc', purpose: 'edit' }, SECRET, 600, NOW);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyToken<{ commentId: string }>(token, SECRET, NOW)).toEqual({
      ok: true,
      value: { commentId: 'abc', purpose: 'edit', exp: NOW.getTime() / 1000 + 600 },
    });
    expect(verifyToken(token, SECRET, { now: later(599), purpose: 'edit' }).ok).toBe(true);
  });

  it('is deterministic for the same payload and time', () => {
    expect(signToken({ a: 1 }, SECRET, 60, NOW)).toBe(signToken({ a: 1 }, SECRET, 60, NOW));
  });

  it('refuses a token with any single character changed', () => {
    const token = signToken({ commentId: 'abc', purpose: 'edit' }, SECRET, 600, NOW);
    for (let i = 0; i < token.length; i++) {
      for (const c of ['A', 'g', '_', '=']) {
        if (token[i] === c) continue;
        const tampered = token.slice(0, i) + c + token.slice(i + 1);
        const result = verifyToken(tampered, SECRET, NOW);
        expect(result.ok, `changed position ${i} to ${c}`).toBe(false);
      }
    }
  });

  it('refuses a token signed with another secret as a bad signature', () => {
    const token = signToken({ a: 1 }, 'another-secret', 600, NOW);
    expect(verifyToken(token, SECRET, NOW)).toEqual({ ok: false, error: 'bad-signature' });
  });

  it('refuses an expired token, from the second its lifetime ends', () => {
    const token = signToken({ a: 1 }, SECRET, 60, NOW);
    expect(verifyToken(token, SECRET, later(59.999)).ok).toBe(true);
    expect(verifyToken(token, SECRET, later(60))).toEqual({ ok: false, error: 'expired' });
    expect(verifyToken(token, SECRET, { now: later(3600) })).toEqual({ ok: false, error: 'expired' });
  });

  it('refuses a token minted for another purpose, or none, when a purpose is expected', () => {
    const unsubscribe = signToken({ purpose: 'unsubscribe' }, SECRET, 600, NOW);
    const plain = signToken({ a: 1 }, SECRET, 600, NOW);
    expect(verifyToken(unsubscribe, SECRET, { now: NOW, purpose: 'edit' })).toEqual({ ok: false, error: 'wrong-purpose' });
    expect(verifyToken(plain, SECRET, { now: NOW, purpose: 'edit' })).toEqual({ ok: false, error: 'wrong-purpose' });
    expect(verifyToken(unsubscribe, SECRET, { now: NOW, purpose: 'unsubscribe' }).ok).toBe(true);
  });

  it('does not let the payload choose its own expiry', () => {
    const token = signToken({ exp: 9_999_999_999 }, SECRET, 60, NOW);
    expect(verifyToken(token, SECRET, later(61))).toEqual({ ok: false, error: 'expired' });
  });

  it.each([
    ['empty', ''],
    ['no dot', 'abcdef'],
    ['two dots', 'a.b.c'],
    ['empty body', '.abc'],
    ['empty signature', 'abc.'],
    ['bad base64', 'ab+c/d==.xyz'],
    ['whitespace', 'abc .def'],
    ['huge', `${'a'.repeat(1_000_000)}.abc`],
  ])('refuses a malformed token (%s)', (_, token) => {
    expect(verifyToken(token, SECRET, NOW)).toEqual({ ok: false, error: 'malformed' });
  });

  it.each([
    ['not JSON', 'not json'],
    ['a JSON array', '[1,2]'],
    ['JSON null', 'null'],
    ['no expiry', '{"a":1}'],
    ['a string expiry', '{"exp":"never"}'],
  ])('refuses a correctly signed payload that is %s as malformed', (_, body) => {
    expect(verifyToken(signRaw(body), SECRET, NOW)).toEqual({ ok: false, error: 'malformed' });
  });

  it('throws on an empty secret or a non-positive lifetime: those are bugs', () => {
    expect(() => signToken({}, '', 60)).toThrow();
    expect(() => verifyToken('a.b', '')).toThrow();
    expect(() => signToken({}, SECRET, 0)).toThrow(RangeError);
  });
});

describe('hashWithSalt', () => {
  it('is a stable hex SHA-256 that depends on the salt', () => {
    const hash = hashWithSalt('203.0.113.7', 'salt-a');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashWithSalt('203.0.113.7', 'salt-a')).toBe(hash);
    expect(hashWithSalt('203.0.113.7', 'salt-b')).not.toBe(hash);
    expect(hashWithSalt('203.0.113.8', 'salt-a')).not.toBe(hash);
  });
});

describe('randomId / randomToken', () => {
  it('makes URL-safe ids of the requested size that do not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(randomId(3)).toMatch(/^[A-Za-z0-9_-]{4}$/);
  });

  it('makes 32-byte tokens', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(randomToken());
  });
});
