import { describe, expect, it } from 'vitest';
import { buildThreads, countVisible, type Thread, type ThreadInput } from '@/lib/comments/thread';

interface Row extends ThreadInput {
  body: string;
}

let minute = 0;
/** A comment row; each call is one minute later than the last unless `at` is given. */
function row(id: string, parentId: string | null, over: Partial<Row> = {}): Row {
  minute += 1;
  return {
    id,
    parentId,
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, minute)),
    status: 'published',
    authorName: id.toUpperCase(),
    body: `body of ${id}`,
    ...over,
  };
}

/** The page as a reader sees it: top-level ids, each with its replies' ids. */
function outline(threads: Thread<Row>[]) {
  const label = (e: Thread<Row>['comment']) => (e.placeholder ? `(${e.id})` : e.pending ? `${e.id}?` : e.id);
  return threads.map((t) => [label(t.comment), t.replies.map(label)]);
}

describe('buildThreads', () => {
  it('orders top-level comments and their flattened replies oldest first, whatever the input order', () => {
    const a = row('a', null);
    const b = row('b', null);
    const a1 = row('a1', 'a');
    const a1x = row('a1x', 'a1');
    const a2 = row('a2', 'a');
    const threads = buildThreads([a2, b, a1x, a, a1].reverse());
    expect(outline(threads)).toEqual([['a', ['a1', 'a1x', 'a2']], ['b', []]]);
  });

  it('breaks ties in time by id so the order is stable', () => {
    const at = new Date('2025-01-01T00:00:00Z');
    const threads = buildThreads([row('y', null, { createdAt: at }), row('x', null, { createdAt: at })]);
    expect(outline(threads)).toEqual([['x', []], ['y', []]]);
  });

  it('names the comment a reply to a reply answers, and none for a direct reply', () => {
    const threads = buildThreads([
      row('a', null),
      row('b', 'a'),
      row('c', 'b'),
      row('d', 'c', { authorName: null }),
      row('e', 'd'),
      row('f', 'c', { authorName: '   ' }),
      row('g', 'f'),
    ]);
    const replies = threads[0]!.replies;
    expect(replies.map((r) => r.inReplyTo)).toEqual([
      null,
      { id: 'b', name: 'B' },
      { id: 'c', name: 'C' },
      { id: 'd', name: 'Anonymous' },
      { id: 'c', name: 'C' },
      { id: 'f', name: 'Anonymous' },
    ]);
    expect(threads[0]!.comment.inReplyTo).toBeNull();
  });

  it('keeps the extra fields of each row', () => {
    const [thread] = buildThreads([row('a', null)]);
    expect(thread!.comment).toMatchObject({ id: 'a', body: 'body of a', placeholder: false, pending: false });
  });

  it('preserves nesting through hidden and deleted placeholder replies', () => {
    const threads = buildThreads([
      row('a', null),
      row('b', 'a', { status: 'deleted' }),
      row('c', 'b'),
      row('s', 'a', { status: 'spam' }),
      row('t', 's'),
      row('u', 't'),
      row('d', 'a', { status: 'deleted' }),
      row('e', 'd', { status: 'spam' }),
    ]);
    expect(outline(threads)).toEqual([['a', ['(b)', 'c', 't', 'u']]]);
    const [placeholder, c, t, u] = threads[0]!.replies;
    expect(placeholder).toEqual({
      id: 'b', parentId: 'a', createdAt: expect.any(Date), placeholder: true, pending: false, inReplyTo: null,
    });
    expect(c!.inReplyTo).toEqual({ id: 'b', name: 'a deleted comment' });
    // The spam comment is gone, so `t` answers the top-level comment and `u` answers `t`.
    expect(t!.inReplyTo).toBeNull();
    expect(u!.inReplyTo).toEqual({ id: 't', name: 'T' });
  });

  it('keeps a chain of deleted comments as placeholders while a reply at its end is visible', () => {
    const threads = buildThreads([
      row('a', null, { status: 'deleted' }),
      row('b', 'a', { status: 'deleted' }),
      row('c', 'b'),
    ]);
    expect(outline(threads)).toEqual([['(a)', ['(b)', 'c']]]);
  });

  it('drops deleted and spam comments without visible replies, with their hidden replies', () => {
    const threads = buildThreads([
      row('a', null, { status: 'deleted' }),
      row('a1', 'a', { status: 'spam' }),
      row('b', null, { status: 'spam' }),
      row('c', null),
      row('c1', 'c', { status: 'deleted' }),
    ]);
    expect(outline(threads)).toEqual([['c', []]]);
  });

  it('shows a placeholder for a spam top-level comment that has visible replies', () => {
    const threads = buildThreads([row('s', null, { status: 'spam' }), row('r', 's'), row('r2', 'r')]);
    expect(outline(threads)).toEqual([['(s)', ['r', 'r2']]]);
    expect(threads[0]!.comment).not.toHaveProperty('body');
    expect(threads[0]!.comment).not.toHaveProperty('authorName');
  });

  it('shows pending comments only to the reader who wrote them, flagged pending', () => {
    const rows = [row('a', null), row('p', 'a', { status: 'pending' }), row('q', null, { status: 'pending' })];
    expect(outline(buildThreads(rows))).toEqual([['a', []]]);
    expect(outline(buildThreads(rows, new Set(['p'])))).toEqual([['a', ['p?']]]);
    expect(outline(buildThreads(rows, new Set(['p', 'q'])))).toEqual([['a', ['p?']], ['q?', []]]);
  });

  it("keeps a deleted comment's place when the only reply under it is the reader's pending one", () => {
    const rows = [row('a', null), row('d', 'a', { status: 'deleted' }), row('p', 'd', { status: 'pending' })];
    expect(outline(buildThreads(rows))).toEqual([['a', []]]);
    expect(outline(buildThreads(rows, new Set(['p'])))).toEqual([['a', ['(d)', 'p?']]]);
  });

  it('makes orphans, self-replies and loops top-level instead of losing them', () => {
    const threads = buildThreads([
      row('a', null),
      row('orphan', 'missing'),
      row('self', 'self'),
      row('x', 'y'),
      row('y', 'x'),
      row('z', 'y'),
    ]);
    expect(outline(threads)).toEqual([['a', []], ['orphan', []], ['self', []], ['x', ['y', 'z']]]);
  });

  it('handles a very long reply chain', () => {
    const rows = [row('c0', null), ...Array.from({ length: 20_000 }, (_, i) => row(`c${i + 1}`, `c${i}`))];
    const [thread] = buildThreads(rows);
    expect(thread!.replies).toHaveLength(20_000);
    expect(thread!.replies.at(-1)!.inReplyTo).toEqual({ id: 'c19999', name: 'C19999' });
  });

  it('returns nothing for no comments', () => {
    expect(buildThreads([])).toEqual([]);
  });
});

describe('countVisible', () => {
  it('counts shown and pending comments but not placeholders', () => {
    const threads = buildThreads(
      [
        row('a', null),
        row('d', 'a', { status: 'deleted' }),
        row('b', 'd'),
        row('s', null, { status: 'spam' }),
        row('c', 's'),
        row('p', null, { status: 'pending' }),
        row('hidden', null, { status: 'pending' }),
      ],
      new Set(['p']),
    );
    expect(countVisible(threads)).toBe(4);
    expect(countVisible([])).toBe(0);
  });
});
