import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadIssues } from '@/lib/content/load';

/** The issues a reader of a production build should see, read straight from content/. */
export function publishedIssues() {
  const dir = path.resolve('content');
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.md'))
    .map((name) => ({ name, file: `content/${name}`, text: readFileSync(path.join(dir, name), 'utf8') }));
  const { issues } = loadIssues(files, () => true);
  return { published: issues.filter((i) => !i.draft), drafts: issues.filter((i) => i.draft) };
}
