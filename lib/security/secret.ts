import 'server-only';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getEnv } from '../env';

let cached: string | undefined;

/**
 * The key that signs cookies and links: APP_SECRET, or for a single local
 * install a random key created once in var/app-secret (so restarts keep sessions).
 * Several instances must share an explicit APP_SECRET.
 */
export function getAppSecret(): string {
  if (cached) return cached;
  const fromEnv = getEnv().APP_SECRET;
  if (fromEnv) return (cached = fromEnv);
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'var', 'app-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    // 'wx' fails if another process created it first; then we read theirs.
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch {
      /* created concurrently */
    }
  }
  return (cached = readFileSync(file, 'utf8').trim());
}
