import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pruneSnapshots, type ContentSource } from '@/lib/publish/snapshot';

describe('pruning published versions', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('removes only versions no process touched for an hour, and never the ones to keep', async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'masthead-prune-'));
    const source: ContentSource = { kind: 'local', key: 'local', dir: root, snapshotsDir: path.join(root, 'snapshots') };
    const now = Date.now();
    const make = (name: string, ageMs: number) => {
      const dir = path.join(source.snapshotsDir, name);
      mkdirSync(dir, { recursive: true });
      const at = new Date(now - ageMs);
      utimesSync(dir, at, at);
    };
    make('old-unused', 2 * 3600_000);
    make('old-kept', 2 * 3600_000);
    make('another-process-serves-it', 60_000);
    make('just-published', 0);
    pruneSnapshots(source, new Set(['old-kept', 'just-published']), now);
    // Removal runs in the background.
    await vi.waitFor(() => expect(readdirSync(source.snapshotsDir).sort()).toEqual(['another-process-serves-it', 'just-published', 'old-kept']));
  });
});
