import 'server-only';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseKind } from './url';

// prisma/models.prisma is the one hand-edited schema. Prisma needs one schema per
// provider, so the files below are derived from it (and git-ignored); the datasource
// url is a literal placeholder because the app always passes a driver adapter.

export const DATABASE_KINDS: readonly DatabaseKind[] = ['sqlite', 'postgres'];

const DATASOURCES: Record<DatabaseKind, { provider: string; url: string }> = {
  sqlite: { provider: 'sqlite', url: 'file:./placeholder.db' },
  postgres: { provider: 'postgresql', url: 'postgresql://placeholder@localhost:5432/placeholder' },
};

/** Prisma's name for a kind's provider, as written in migration_lock.toml. */
export function getPrismaProvider(kind: DatabaseKind): string {
  return DATASOURCES[kind].provider;
}

/** Paths of the model file and of one kind's derived schema, migrations and client. */
export function getPrismaPaths(kind: DatabaseKind, root: string = process.cwd()) {
  const prismaDir = path.join(root, 'prisma');
  return {
    models: path.join(prismaDir, 'models.prisma'),
    schema: path.join(prismaDir, kind, 'schema.prisma'),
    migrations: path.join(prismaDir, kind, 'migrations'),
    client: path.join(prismaDir, 'generated', kind),
    // Written after a successful generate: see getClientStamp.
    clientStamp: path.join(prismaDir, 'generated', kind, '.schema-sha256'),
  };
}

/** A kind's complete schema.prisma for the given model source. */
export function renderSchema(kind: DatabaseKind, models: string): string {
  const { provider, url } = DATASOURCES[kind];
  return `// Generated from prisma/models.prisma by \`npm run db:generate\`: do not edit.

generator client {
  provider        = "prisma-client"
  output          = "../generated/${kind}"
  engineType      = "client"
  previewFeatures = ["strictUndefinedChecks"]
}

datasource db {
  provider = "${provider}"
  url      = "${url}"
}

${models.trimEnd()}
`;
}

/** sha256 (hex) of a string, as Prisma computes migration checksums. */
export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What a client generated from `schema` by the installed Prisma records as its origin. */
export function getClientStamp(schema: string, root: string = process.cwd()): string {
  const prismaPackage = path.join(root, 'node_modules', 'prisma', 'package.json');
  const { version } = JSON.parse(readFileSync(/*turbopackIgnore: true*/ prismaPackage, 'utf8')) as { version: string };
  return sha256(`prisma@${version}\n${schema}`);
}

/**
 * What is out of date with respect to prisma/models.prisma: derived schemas that
 * differ from their rendering, and clients generated from another schema.
 */
export function findStaleFiles(root: string = process.cwd()): string[] {
  const stale: string[] = [];
  for (const kind of DATABASE_KINDS) {
    const p = getPrismaPaths(kind, root);
    const expected = renderSchema(kind, readFileSync(/*turbopackIgnore: true*/ p.models, 'utf8'));
    const actual = existsSync(/*turbopackIgnore: true*/ p.schema) ? readFileSync(/*turbopackIgnore: true*/ p.schema, 'utf8') : '';
    if (actual !== expected) stale.push(path.relative(root, p.schema));
    const stamp = existsSync(/*turbopackIgnore: true*/ p.clientStamp) ? readFileSync(/*turbopackIgnore: true*/ p.clientStamp, 'utf8').trim() : '';
    if (stamp !== getClientStamp(expected, root)) stale.push(path.relative(root, p.client));
  }
  return stale;
}
