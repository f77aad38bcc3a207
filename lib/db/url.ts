import 'server-only';
import path from 'node:path';
import { DEFAULT_DATABASE_URL, getSetting } from '../env';

/** The two databases Masthead runs on; each has its own generated client and migrations. */
export type DatabaseKind = 'sqlite' | 'postgres';

/** Where the database lives when DATABASE_URL is unset (defined with every other default in lib/env.ts). */
export { DEFAULT_DATABASE_URL };

/** DATABASE_URL as it is now (tests re-point it), or the default SQLite file when it is unset or blank. */
export function getDatabaseUrl(): string {
  return getSetting('DATABASE_URL');
}

/** Which database a URL points at (throws one clear line for anything else). */
export function getDatabaseKindOf(url: string): DatabaseKind {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  throw new Error(
    `Invalid environment variable DATABASE_URL: expected file:<path> or postgres://…, got "${url.replace(/\/\/[^@/]*@/, '//…@')}"`,
  );
}

/**
 * The absolute path of a `file:` URL's SQLite database. Relative paths resolve
 * against process.cwd() (not against the schema, as Prisma's own URLs would);
 * query strings such as `?connection_limit=1` are ignored.
 */
export function getSqlitePath(url: string, cwd: string = process.cwd()): string {
  const file = url.replace(/^file:(\/\/)?/, '').split('?')[0]!;
  if (file === ':memory:') return file;
  return path.resolve(cwd, decodeURIComponent(file));
}
