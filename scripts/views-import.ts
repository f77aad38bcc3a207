/** `npm run views:import -- <file.csv>`: seeds each issue's historical view count from `slug,views` lines. */
import { readFileSync } from 'node:fs';
import { disconnectDb } from '@/lib/db/client';
import { importViews } from '@/lib/views/import';
import { useLiveContent } from '@/lib/publish/service';

async function main() {
  // The published version of the content, as the server serves it (not whatever content/ holds now).
  await useLiveContent();
  const file = process.argv[2];
  if (!file) {
    console.error('Usage: npm run views:import -- <views.csv>   (lines of slug,views; a header line is allowed)');
    process.exit(2);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    console.error(`${file}: cannot read this file`);
    process.exit(2);
  }
  const result = await importViews(text);
  if (!result.ok) {
    for (const p of result.problems ?? []) console.error(`${file}:${p.line}: ${p.message}`);
    console.error('Nothing was imported: fix the lines above and run it again.');
    process.exit(1);
  }
  console.log(`Imported the earlier views of ${result.value.issues} issue(s), ${result.value.views.toLocaleString('en')} in all. Pages show them within a minute.`);
  await disconnectDb();
}

void main();
