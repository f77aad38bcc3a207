/**
 * The fixture newsletter the browser suites (tests/e2e, tests/security/*.spec.ts) and the scale
 * suites serve: tests/fixtures/site, never the sample in content/ (an author replaces that with
 * their own). Each spec that leaves traces on a page (views, comments, subscriptions) has an issue
 * of its own there, so what one spec does cannot change what another asserts:
 *
 *   a-year-at-the-lighthouse  reading.spec (the long issue: figures, tables, footnotes, video, updated)
 *   the-tide-table            accessibility.spec (the newest: one of every kind of block)
 *   mending-the-nets          comments.spec          the-foghorn-schedule   popup.spec
 *   letters-from-the-ferry    newsletter.spec        counting-the-gulls     views.spec
 *   the-harbour-wall          headers.spec and the security specs' own servers
 *   paint-for-the-boathouse   cache-headers.spec (a cover image)
 *   rope-and-knots            comments-without-js.spec
 *   the-pilot-boat, keeping-the-light   the scale suites (servers and databases of their own)
 *   an-unfinished-logbook     a draft
 *
 * Its site.yml sets the author box, the footer line and the accent, so the accessibility and markup
 * specs check them on every page. The e2e server also serves the previews' draft and scheduled
 * issue (tests/fixtures/previews).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadIssues, type Issue } from '@/lib/content/load';
import { liveIssues, scheduledIssues } from '@/lib/content/schedule';

const ROOT = path.resolve(__dirname, '..', '..');
/** The fixture newsletter's folder, relative to the checkout. */
export const SITE_DIR = 'tests/fixtures/site';
/** The previews' draft and scheduled issue, served beside it by the e2e server. */
export const PREVIEWS_DIR = 'tests/fixtures/previews';

function readIssues(folders: string[]): Issue[] {
  const files = folders.flatMap((folder) =>
    readdirSync(path.join(ROOT, folder))
      .filter((n) => n.endsWith('.md'))
      .map((name) => ({ name, file: `${folder}/${name}`, text: readFileSync(path.join(ROOT, folder, name), 'utf8') })),
  );
  return loadIssues(files, () => true).issues;
}

/** The issues a reader of the e2e server should see (and the hidden ones), read straight from its content. */
export function publishedIssues() {
  const issues = readIssues([SITE_DIR, PREVIEWS_DIR]);
  // Scheduled issues are as hidden as drafts until their moment.
  const now = new Date();
  return { published: liveIssues(issues, now), drafts: issues.filter((i) => i.draft), scheduled: scheduledIssues(issues, now) };
}

/** A published issue of the fixture newsletter, by slug: a spec names its own issue and reads its title from here. */
export function fixtureIssue(slug: string): Issue {
  const issue = publishedIssues().published.find((i) => i.slug === slug);
  if (!issue) throw new Error(`${SITE_DIR} has no published issue ${slug}`);
  return issue;
}

let store: string | undefined;

/**
 * A CONTENT_CLONE_DIR of this test process's own (removed when it exits), for the servers it
 * starts: no test's server publishes into or prunes the checkout's var/content.
 */
export function ownStoreDir(): string {
  if (!store) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-test-store-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    store = dir;
  }
  return store;
}

/** The settings that make a server started beside the tests (bench/server.ts) serve the fixture newsletter, from a store of its own. */
export function fixtureSiteEnv(): { CONTENT_DIR: string; CONTENT_CLONE_DIR: string } {
  return { CONTENT_DIR: path.join(ROOT, SITE_DIR), CONTENT_CLONE_DIR: ownStoreDir() };
}
