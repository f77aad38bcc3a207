/** `npm run comments:import -- <file>`: imports a WordPress WXR, Disqus XML or Masthead JSON export. */
import { readFileSync } from 'node:fs';
import { disconnectDb } from '@/lib/db/client';
import { importComments } from '@/lib/comments/portability';

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('Usage: npm run comments:import -- <export.xml|export.json>');
    process.exit(2);
  }
  const result = await importComments(readFileSync(file, 'utf8'));
  if (!result.ok) {
    console.error(result.error === 'unknown-format'
      ? `${file}: not a WordPress (WXR), Disqus or Masthead export`
      : `${file}: the export is damaged: ${Object.values(result.fieldErrors ?? {}).flat().join('; ')}`);
    process.exit(1);
  }
  for (const w of result.value.warnings) console.warn(`warning: ${w}`);
  console.log(`Imported ${result.value.added} comment(s); ${result.value.skipped} already there.`);
  await disconnectDb();
}

void main();
