// The comparison of `npm run bench:publish`: the same content through a full `npm run build`, in a
// copy of the checkout (the committed files, with node_modules hard-linked), so that the build the
// bench's servers run from (.next here) is left alone.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type BuildTiming = { seconds: number; ok: boolean; tail: string };

/** Copies the checkout's committed files into a temporary folder, node_modules as hard links (no bytes copied). */
function copyCheckout(root: string): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'masthead-build-copy-'));
  execFileSync('sh', ['-c', `git -C "$1" archive --format=tar HEAD | tar -x -C "$2"`, 'sh', root, copy]);
  // Turbopack refuses a node_modules symlinked from outside the project: hard links are inside it.
  execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(copy, 'node_modules')]);
  return copy;
}

/** Times `CONTENT_DIR=<contentDir> npm run build` in a copy of the checkout; the copy is removed afterwards. */
export async function timeFullBuild(root: string, contentDir: string): Promise<BuildTiming> {
  const copy = copyCheckout(root);
  const started = performance.now();
  try {
    let out = '';
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('npm', ['run', 'build'], { cwd: copy, env: { ...process.env, CONTENT_DIR: contentDir, NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d) => (out = (out + d).slice(-20_000)));
      child.stderr.on('data', (d) => (out = (out + d).slice(-20_000)));
      child.on('close', resolve);
    });
    const seconds = (performance.now() - started) / 1000;
    const pages = out.match(/Generating static pages[^\n]*\((\d+)\/(\d+)\)/g)?.at(-1) ?? '';
    return { seconds, ok: code === 0, tail: code === 0 ? pages : out.slice(-2000) };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Resident memory of a process in MB (VmRSS from /proc), or NaN where /proc is missing. */
export function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** The machine's load averages (1, 5, 15 min), for the table: the machine is shared. */
export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}
