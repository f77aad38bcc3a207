import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every environment variable goes through lib/env.ts (one zod schema, one default each). The
// plain-JavaScript modules lib/ shares with scripts/server.mjs take their settings as arguments;
// scripts/server.mjs, the process entry point that cannot import TypeScript, is the one plain-JS
// reader and hands them the environment.
const ROOTS = ['lib', 'app', 'components'];
const ALLOWED = new Set(['lib/env.ts']);
const SOURCE = /\.(?:ts|tsx|mts|js|mjs|cjs)$/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'generated' || name === 'node_modules' ? [] : sources(full);
    return SOURCE.test(name) && !name.endsWith('.d.mts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** `file:line` of every `process.env` in the sources under `roots` (relative to `base`), but the allowed files. */
function envReads(base: string, roots: string[], allowed: Set<string>): string[] {
  return roots.flatMap((root) =>
    sources(path.join(base, root)).flatMap((file) => {
      const rel = path.relative(base, file);
      if (allowed.has(rel)) return [];
      return readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (/\bprocess\.env\b/.test(line) ? [`${rel}:${i + 1}`] : []));
    }),
  );
}

describe('environment variables', () => {
  it('are read in lib/env.ts alone within lib/, app/ and components/', () => {
    expect(envReads(process.cwd(), ROOTS, ALLOWED)).toEqual([]);
  });

  it('the check finds a read anywhere else', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-env-reads-'));
    try {
      mkdirSync(path.join(dir, 'lib', 'mail'), { recursive: true });
      writeFileSync(path.join(dir, 'lib', 'env.ts'), 'export const a = process.env.A;\n');
      writeFileSync(path.join(dir, 'lib', 'mail', 'x.mjs'), 'const ok = 1;\nexport const b = process.env.SMTP_URL;\n');
      expect(envReads(dir, ['lib'], ALLOWED)).toEqual(['lib/mail/x.mjs:2']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
