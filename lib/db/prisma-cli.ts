import 'server-only';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { childProcessEnv } from '../env';

export interface PrismaCliOptions {
  /** Kill the CLI and fail after this long (default 120 s). */
  timeoutMs?: number;
  /**
   * Success shows in the output before the process ends: once it does, allow a short
   * grace for a clean exit, then stop the process and report success anyway (the CLI
   * can linger on timers after finishing its work).
   */
  doneWhen?: (stdout: string) => boolean;
  cwd?: string;
}

const GRACE_MS = 3_000;

/**
 * Runs the local Prisma CLI offline and resolves with its output. Only commands that
 * need no database are run this way (`generate`, `migrate diff` between schemas), so
 * the config's adapter gets a throwaway in-memory SQLite database.
 */
export function runPrisma(args: string[], options: PrismaCliOptions = {}): Promise<{ stdout: string; stderr: string }> {
  const cwd = options.cwd ?? process.cwd();
  const cli = path.join(cwd, 'node_modules', 'prisma', 'build', 'index.js');
  const env = childProcessEnv({
    DATABASE_URL: 'file::memory:',
    CHECKPOINT_DISABLE: '1', // no version check against the network
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    NO_COLOR: '1',
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let done = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timeout);
      clearTimeout(graceTimer);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (error) reject(error);
      else resolve({ stdout, stderr });
    };
    const timeout = setTimeout(
      () => finish(new Error(`prisma ${args.join(' ')} did not finish within ${options.timeoutMs ?? 120_000} ms\n${stderr}`)),
      options.timeoutMs ?? 120_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!graceTimer && options.doneWhen?.(stdout)) graceTimer = setTimeout(() => finish(), GRACE_MS);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => finish(error));
    child.on('close', (code) => {
      if (code === 0) finish();
      else finish(new Error(`prisma ${args.join(' ')} failed (exit ${code}):\n${stderr || stdout}`));
    });
  });
}

/**
 * The SQL that takes a database from one schema to another (`from: null` = empty
 * database), as `prisma migrate diff --script` writes it. Pure: no database involved.
 */
export async function diffSchemas(from: string | null, to: string, options: PrismaCliOptions = {}): Promise<string> {
  const fromArgs = from === null ? ['--from-empty'] : ['--from-schema-datamodel', from];
  const { stdout } = await runPrisma(['migrate', 'diff', ...fromArgs, '--to-schema-datamodel', to, '--script'], options);
  return stdout;
}

/** Whether `migrate diff --script` output changes nothing. */
export function isEmptyMigration(sql: string): boolean {
  return sql.replace(/^--.*$/gm, '').trim() === '';
}
