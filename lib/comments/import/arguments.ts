import { parseArgs } from 'node:util';
import { z } from 'zod';
import { err, ok, type Result } from '@/lib/result';

export const IMPORT_USAGE =
  'Usage: npm run comments:import -- <export.xml|export.json> [--author-email <address>]... [--slug <old>=<new>]...\n' +
  '  --author-email  an address of yours in the export (repeatable; default AUTHOR_EMAIL): only comments\n' +
  '                  from these addresses get the Author mark\n' +
  '  --slug old=new  comments on the issue "old" go to the issue "new" (repeatable)';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const email = z.string().trim().pipe(z.email());

export type ImportArguments = { file: string; authorEmails?: string[]; slugMap: Map<string, string> };

/** The command line of comments:import, checked; a mistake is a message for the terminal. */
export function parseImportArguments(argv: string[]): Result<ImportArguments, string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'author-email': { type: 'string', multiple: true }, slug: { type: 'string', multiple: true } },
    });
  } catch (e) {
    return err((e as Error).message);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) return err('Give exactly one export file.');
  const authorEmails = values['author-email'];
  const badEmail = authorEmails?.find((a) => !email.safeParse(a).success);
  if (badEmail !== undefined) return err(`--author-email ${JSON.stringify(badEmail)} is not an email address.`);
  const slugMap = new Map<string, string>();
  for (const pair of values.slug ?? []) {
    const [from, to, ...rest] = pair.split('=').map((s) => s.trim().toLowerCase());
    if (rest.length > 0 || !from || !to || !SLUG.test(from) || !SLUG.test(to)) return err(`--slug ${JSON.stringify(pair)} is not old-slug=new-slug.`);
    slugMap.set(from, to);
  }
  return ok({ file: positionals[0]!, ...(authorEmails ? { authorEmails: authorEmails.map((a) => a.trim()) } : {}), slugMap });
}
