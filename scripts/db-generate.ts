// `npm run db:generate` (also run by postinstall): writes prisma/<kind>/schema.prisma
// from prisma/models.prisma and generates both Prisma clients, offline.
//   --check   change nothing; exit 1 naming what is out of date
//   --force   regenerate clients even when they are up to date
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runPrisma } from '@/lib/db/prisma-cli';
import { DATABASE_KINDS, findStaleFiles, getClientStamp, getPrismaPaths, renderSchema } from '@/lib/db/schema-files';
import type { DatabaseKind } from '@/lib/db/url';

const root = process.cwd();
const args = new Set(process.argv.slice(2));

function writeIfChanged(file: string, text: string): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return true;
}

async function generateClient(kind: DatabaseKind): Promise<void> {
  const p = getPrismaPaths(kind, root);
  const schema = readFileSync(p.schema, 'utf8');
  const stamp = getClientStamp(schema, root);
  const current = existsSync(p.clientStamp) ? readFileSync(p.clientStamp, 'utf8').trim() : '';
  if (current === stamp && !args.has('--force')) {
    console.log(`✓ ${path.relative(root, p.client)} is up to date`);
    return;
  }
  const started = Date.now();
  await runPrisma(['generate', '--schema', path.relative(root, p.schema)], {
    doneWhen: (out) => out.includes('Generated Prisma Client'),
  });
  writeFileSync(p.clientStamp, `${stamp}\n`);
  console.log(`✓ generated ${path.relative(root, p.client)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  if (args.has('--check')) {
    const stale = findStaleFiles(root);
    if (stale.length === 0) return console.log('✓ Prisma schemas and clients match prisma/models.prisma');
    console.error(`✗ out of date with prisma/models.prisma: ${stale.join(', ')}\n  fix: npm run db:generate`);
    process.exit(1);
  }
  const models = readFileSync(getPrismaPaths('sqlite', root).models, 'utf8');
  for (const kind of DATABASE_KINDS) {
    const p = getPrismaPaths(kind, root);
    if (writeIfChanged(p.schema, renderSchema(kind, models))) console.log(`✓ wrote ${path.relative(root, p.schema)}`);
  }
  await Promise.all(DATABASE_KINDS.map(generateClient));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
