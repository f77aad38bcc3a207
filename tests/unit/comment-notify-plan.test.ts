import { describe, expect, it } from 'vitest';
import { planNotifications } from '@/lib/comments/notify-plan';

const reader = (email: string | null, notifyReplies = false) => ({ authorEmail: email, isAuthor: false, notifyReplies, status: 'published' as const });
const author = { authorEmail: 'robin@example.com', isAuthor: true, notifyReplies: false, status: 'published' as const };
const base = { authorEmail: 'robin@example.com', mode: 'each' as const, optedOut: new Set<string>(), confirmed: new Set(['ada@example.com', 'a@example.com']) };

describe('who is emailed about a comment', () => {
  it('tells the author about a reader comment', () => {
    expect(planNotifications({ ...base, comment: reader('ada@example.com'), parent: null })).toEqual([
      { kind: 'author-new-comment', recipient: 'robin@example.com' },
    ]);
  });

  it('tells the parent commenter who opted in, and the author, once each', () => {
    const plan = planNotifications({ ...base, comment: reader('bo@example.com'), parent: reader('Ada@Example.com', true) });
    expect(plan).toEqual([
      { kind: 'author-new-comment', recipient: 'robin@example.com' },
      { kind: 'reply', recipient: 'Ada@example.com' },
    ]);
  });

  it('never emails anyone about their own comment', () => {
    expect(planNotifications({ ...base, comment: reader('ada@example.com'), parent: reader('ADA@example.com', true) })).toEqual([
      { kind: 'author-new-comment', recipient: 'robin@example.com' },
    ]);
    expect(planNotifications({ ...base, comment: author, parent: reader('ada@example.com', true) })).toEqual([
      { kind: 'reply', recipient: 'ada@example.com' },
    ]);
  });

  it('does not email the author twice when a reader replies to the author', () => {
    const parent = { ...author, notifyReplies: true };
    expect(planNotifications({ ...base, comment: reader('ada@example.com'), parent })).toEqual([
      { kind: 'author-new-comment', recipient: 'robin@example.com' },
    ]);
  });

  it('respects opt-outs, the digest and off settings, and waits for held replies', () => {
    const parent = reader('ada@example.com', true);
    expect(planNotifications({ ...base, optedOut: new Set(['ada@example.com']), comment: reader('b@example.com'), parent })).toHaveLength(1);
    expect(planNotifications({ ...base, mode: 'digest', comment: reader('b@example.com'), parent: null })).toEqual([
      { kind: 'digest', recipient: 'robin@example.com' },
    ]);
    expect(planNotifications({ ...base, mode: 'off', comment: reader('b@example.com'), parent: null })).toEqual([]);
    expect(planNotifications({ ...base, mode: 'off', comment: { ...reader('b@example.com'), status: 'pending' }, parent })).toEqual([]);
  });

  it('ignores parents without an email or without the box ticked', () => {
    expect(planNotifications({ ...base, mode: 'off', comment: reader('b@example.com'), parent: reader(null, true) })).toEqual([]);
    expect(planNotifications({ ...base, mode: 'off', comment: reader('b@example.com'), parent: reader('a@example.com') })).toEqual([]);
  });

  it('emails replies only to a confirmed address, and asks an unconfirmed one to confirm once', () => {
    const unconfirmed = reader('victim@example.org', true);
    expect(planNotifications({ ...base, mode: 'off', comment: reader('evil@example.net'), parent: unconfirmed })).toEqual([]);
    expect(planNotifications({ ...base, mode: 'off', comment: unconfirmed, parent: null })).toEqual([{ kind: 'reply-confirm', recipient: 'victim@example.org' }]);
    // A confirmed or opted-out address is never asked again.
    expect(planNotifications({ ...base, mode: 'off', comment: reader('Ada@example.com', true), parent: null })).toEqual([]);
    expect(planNotifications({ ...base, mode: 'off', optedOut: new Set(['victim@example.org']), comment: unconfirmed, parent: null })).toEqual([]);
  });
});
