/** `npm run comments:import -- <file> [--author-email a@b]... [--slug old=new]...`: imports a WordPress WXR, Disqus XML or Masthead JSON export. */
import { readFileSync } from 'node:fs';
import { disconnectDb } from '@/lib/db/client';
import { IMPORT_USAGE, parseImportArguments } from '@/lib/comments/import/arguments';
import { importComments } from '@/lib/comments/portability';
import { useLiveContent } from '@/lib/publish/service';

function readExport(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

async function main() {
  // The published version of the content, as the server serves it (not whatever content/ holds now).
  await useLiveContent();
  const args = parseImportArguments(process.argv.slice(2));
  if (!args.ok) {
    console.error(`${args.error}\n${IMPORT_USAGE}`);
    process.exit(2);
  }
  const { file, authorEmails, slugMap } = args.value;
  const text = readExport(file);
  if (text === null) {
    console.error(`${file}: cannot read this file`);
    process.exit(2);
  }
  const result = await importComments(text, { ...(authorEmails ? { authorEmails } : {}), slugMap });
  if (!result.ok) {
    if (result.error === 'unknown-format') console.error(`${file}: not a WordPress (WXR), Disqus or Masthead export`);
    else if (result.error === 'invalid') console.error(`${file}: the export is damaged: ${Object.values(result.fieldErrors ?? {}).flat().join('; ')}`);
    for (const p of result.problems ?? []) console.error(`${file}:${p.line}: ${p.message}`);
    console.error('Nothing was imported.');
    await disconnectDb();
    process.exit(1);
  }
  for (const w of result.value.warnings) console.warn(`${file}: ${w}`);
  console.log(`Imported ${result.value.added} comment(s); ${result.value.skipped} already there.`);
  await disconnectDb();
}

void main();
