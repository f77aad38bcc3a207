/** Fixture content and helpers for tests of the newsletter on publish (lib/newsletter/on-publish.ts). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll } from 'vitest';
import { getIssue } from '@/lib/content/service';
import type { Issue } from '@/lib/content/load';
import { resetEnvForTest } from '@/lib/env';

export const HELD_SLUG = 'launch-week-notes';
export const HELD_TITLE = 'Launch week notes';
export const PLAIN_SLUG = 'quiet-friday';

/** A content folder of this test's own: one issue with `newsletter: true`, one without. CONTENT_DIR points at it. */
export function useHoldContent(): { dir: () => string } {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-hold-'));
    writeFileSync(path.join(dir, `${HELD_SLUG}.md`), `---\ntitle: "${HELD_TITLE}"\ndate: 2026-11-30\nsummary: "What shipped during launch week."\nnewsletter: true\n---\n\nWe shipped the thing. Here is what we learnt.\n`);
    writeFileSync(path.join(dir, `${PLAIN_SLUG}.md`), `---\ntitle: "Quiet Friday"\ndate: 2026-11-27\nsummary: "Nothing much happened."\n---\n\nA quiet week, on purpose.\n`);
    process.env.CONTENT_DIR = dir;
    resetEnvForTest();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir: () => dir };
}

export function issueOf(slug: string): Issue {
  const issue = getIssue(slug);
  if (!issue) throw new Error(`no fixture issue ${slug}`);
  return issue;
}

/** The cancel link's token in a preview's plain-text part. */
export function cancelTokenIn(mail: ParsedMail): string {
  const url = /Cancel this send: (\S+)/.exec(mail.text ?? '')?.[1];
  if (!url) throw new Error('the preview has no cancel link');
  return new URL(url).searchParams.get('token') ?? '';
}

export const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);
