import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadIssues } from '@/lib/content/load';
import { liveIssues } from '@/lib/content/schedule';

/** The issues a reader of a production build should see, read straight from content/. */
export function publishedIssues() {
  const dir = path.resolve('content');
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.md'))
    .map((name) => ({ name, file: `content/${name}`, text: readFileSync(path.join(dir, name), 'utf8') }));
  const { issues } = loadIssues(files, () => true);
  // Scheduled issues are as hidden as drafts until their moment.
  return { published: liveIssues(issues, new Date()), drafts: issues.filter((i) => i.draft) };
}
