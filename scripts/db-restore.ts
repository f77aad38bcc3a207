/** `npm run db:restore -- <backup file>`: puts a SQLite backup in place of DATABASE_URL (stop the site first). */
import { restoreSqlite } from '@/lib/db/backup';
import { getDatabaseUrl } from '@/lib/db/url';

const MESSAGES = {
  'not-sqlite': 'DATABASE_URL is PostgreSQL: restore with pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" <file>.dump',
  'no-backup': 'There is no such backup file.',
  'damaged-backup': 'That file is not a sound SQLite database (integrity check failed): nothing was changed.',
  'database-in-use': 'The database is busy writing: stop the site first, then run the restore again. Nothing was changed.',
} as const;

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run db:restore -- <backup file>   (stop the site first)');
  process.exit(2);
}
const result = restoreSqlite(file, getDatabaseUrl());
if (!result.ok) {
  console.error(MESSAGES[result.error]);
  process.exit(1);
}
console.log(`Restored ${file} to ${result.value.file}.${result.value.previous ? ` The database it replaced is kept as ${result.value.previous}.` : ''}`);
