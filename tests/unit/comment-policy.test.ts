import { describe, expect, it } from 'vitest';
import { canSelfEdit, countLinks, decideStatus, duplicateKey, normalizeEmail } from '@/lib/comments/policy';

describe('moderation policy', () => {
  const base = { isAuthor: false, knownCommenter: false, linkCount: 0, maxLinks: 3 };
  it('publishes at once in post mode, holds everything in pre mode', () => {
    expect(decideStatus({ ...base, mode: 'post' })).toBe('published');
    expect(decideStatus({ ...base, mode: 'pre', knownCommenter: true })).toBe('pending');
  });
  it('holds only a new email\'s first comment in first mode', () => {
    expect(decideStatus({ ...base, mode: 'first' })).toBe('pending');
    expect(decideStatus({ ...base, mode: 'first', knownCommenter: true })).toBe('published');
  });
  it('holds link-stuffed comments in any mode but never the author', () => {
    expect(decideStatus({ ...base, mode: 'post', linkCount: 4 })).toBe('pending');
    expect(decideStatus({ ...base, mode: 'post', linkCount: 3 })).toBe('published');
    expect(decideStatus({ ...base, mode: 'pre', isAuthor: true, linkCount: 9 })).toBe('published');
  });
  it('counts Markdown links and bare URLs once each', () => {
    expect(countLinks('see [a](https://a.example) and https://b.example/x, also [c](http://c.example "t")')).toBe(3);
    expect(countLinks('no links here')).toBe(0);
  });
});

describe('edit window and identities', () => {
  const created = new Date('2025-01-01T10:00:00Z');
  it('allows self-edits for 15 minutes and only without replies', () => {
    expect(canSelfEdit({ createdAt: created, now: new Date('2025-01-01T10:15:00Z'), replyCount: 0, status: 'published' })).toBe(true);
    expect(canSelfEdit({ createdAt: created, now: new Date('2025-01-01T10:15:01Z'), replyCount: 0, status: 'published' })).toBe(false);
    expect(canSelfEdit({ createdAt: created, now: new Date('2025-01-01T10:01:00Z'), replyCount: 1, status: 'published' })).toBe(false);
    expect(canSelfEdit({ createdAt: created, now: new Date('2025-01-01T10:01:00Z'), replyCount: 0, status: 'deleted' })).toBe(false);
  });
  it('normalises emails and duplicate bodies', () => {
    expect(normalizeEmail('  Ada.L@Example.COM ')).toBe('Ada.L@example.com');
    expect(duplicateKey('  Great   post!\n')).toBe(duplicateKey('great post!'));
  });
});
