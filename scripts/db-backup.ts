/** `npm run db:backup [-- <file>]`: a consistent copy of the SQLite database, taken while the site serves. */
import path from 'node:path';
import { backupSqlite, pgDumpCommand } from '@/lib/db/backup';
import { getDatabaseKindOf, getDatabaseUrl } from '@/lib/db/url';

async function main() {
  const url = getDatabaseUrl();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  if (getDatabaseKindOf(url) === 'postgres') {
    console.error('DATABASE_URL is PostgreSQL: back it up with pg_dump, which is consistent while the site serves:');
    console.error(`  ${pgDumpCommand(url, `masthead-${stamp}.dump`)}`);
    console.error('and restore with: pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" masthead-<stamp>.dump');
    process.exit(2);
  }
  const file = path.resolve(process.argv[2] ?? path.join('var', 'backups', `masthead-${stamp}.db`));
  const result = await backupSqlite(url, file);
  if (!result.ok) {
    console.error(result.error === 'no-database' ? `No database at ${url} yet: nothing to back up.` : 'Not a SQLite database.');
    process.exit(1);
  }
  console.log(`Backed up ${url} to ${result.value.file} (${(result.value.bytes / 1024).toFixed(0)} KB).`);
}

void main();
