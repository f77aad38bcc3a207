// `npm run db:migrate`: applies pending migrations to DATABASE_URL (default: the SQLite
// file var/masthead.db). The app does the same on start; this is for deploy scripts.
import { migrateDatabase } from '@/lib/db/migrate';
import { getDatabaseKindOf, getDatabaseUrl } from '@/lib/db/url';

async function main(): Promise<void> {
  const url = getDatabaseUrl();
  const started = Date.now();
  const report = await migrateDatabase(url, { log: (line) => console.log(line) });
  const kind = getDatabaseKindOf(url);
  if (report.applied.length === 0) console.log(`✓ ${kind} database is up to date: nothing to do`);
  else console.log(`✓ applied ${report.applied.length} migration(s) to the ${kind} database in ${Date.now() - started} ms`);
}

main().catch((error: unknown) => {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
