/** `npm run comments:export [-- <file>]`: every comment as JSON (to stdout, or to the file). */
import { writeFileSync } from 'node:fs';
import { disconnectDb } from '@/lib/db/client';
import { exportComments } from '@/lib/comments/portability';

async function main() {
  const json = await exportComments();
  const file = process.argv[2];
  if (file) {
    writeFileSync(file, json);
    console.error(`Wrote ${file}`);
  } else {
    process.stdout.write(json);
  }
  await disconnectDb();
}

void main();
