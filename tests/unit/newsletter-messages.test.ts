import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvForTest } from '@/lib/env';
import { welcomeEmail } from '@/lib/newsletter/messages';

const saved = { CONTENT_DIR: process.env.CONTENT_DIR, SITE_URL: process.env.SITE_URL, SITE_TITLE: process.env.SITE_TITLE };
const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-welcome-'));

beforeAll(() => {
  mkdirSync(path.join(dir, 'emails'));
  writeFileSync(
    path.join(dir, 'emails', 'welcome.md'),
    '---\nsubject: "Welcome to {{site}}"\n---\nYou get **{{site}}** by *email*; start with [the archive]({{url}}/archive) or `npm`.\n',
  );
  Object.assign(process.env, { CONTENT_DIR: dir, SITE_URL: 'https://notes.example.com', SITE_TITLE: 'Field Notes' });
  resetEnvForTest();
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  resetEnvForTest();
  rmSync(dir, { recursive: true, force: true });
});

describe('welcome email text part', () => {
  it('is plain text as in issue emails: links spelled out, then the unsubscribe link', () => {
    const mail = welcomeEmail('ada@example.org', 'https://notes.example.com/unsubscribe?token=t');
    expect(mail.subject).toBe('Welcome to Field Notes');
    expect(mail.text).toBe(
      'You get *Field Notes* by _email_; start with the archive (https://notes.example.com/archive) or `npm`.\n\n--\nUnsubscribe: https://notes.example.com/unsubscribe?token=t\n',
    );
  });
});
