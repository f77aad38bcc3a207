import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadIssues } from '@/lib/content/load';
import { liveIssues, scheduledIssues } from '@/lib/content/schedule';

// What the e2e server serves (playwright.config.ts): content/ plus the previews' fixture issues.
const FOLDERS = ['content', 'tests/fixtures/previews'];

/** The issues a reader of a production build should see, read straight from the e2e server's content. */
export function publishedIssues() {
  const files = FOLDERS.flatMap((folder) =>
    readdirSync(path.resolve(folder))
      .filter((n) => n.endsWith('.md'))
      .map((name) => ({ name, file: `${folder}/${name}`, text: readFileSync(path.resolve(folder, name), 'utf8') })),
  );
  const { issues } = loadIssues(files, () => true);
  // Scheduled issues are as hidden as drafts until their moment.
  const now = new Date();
  return { published: liveIssues(issues, now), drafts: issues.filter((i) => i.draft), scheduled: scheduledIssues(issues, now) };
}
