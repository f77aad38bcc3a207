// A test suite that publishes from a real git repository of its own (made fresh for each test).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { resetLiveSnapshotForTest } from '@/lib/content/live';
import { resetEnvForTest } from '@/lib/env';
import { resetPublishingForTest } from '@/lib/publish/service';
import { createContentRepo, type ContentRepo } from './content-repo';

/**
 * Before each test: a content repository holding `files` (pushed), CONTENT_GIT_URL pointing at it,
 * a clone folder of its own, and publishing forgotten, as in a new process. After: all gone.
 */
export function usePublishingFrom(files: Record<string, string>): { readonly repo: ContentRepo; readonly store: string } {
  const current = { repo: null as unknown as ContentRepo, store: '' };
  beforeEach(() => {
    current.repo = createContentRepo(files);
    current.store = mkdtempSync(path.join(os.tmpdir(), 'masthead-store-'));
    Object.assign(process.env, { CONTENT_GIT_URL: current.repo.url, CONTENT_GIT_BRANCH: 'main', CONTENT_CLONE_DIR: current.store });
    resetEnvForTest();
    resetPublishingForTest();
    resetLiveSnapshotForTest();
  });
  afterEach(() => {
    current.repo.cleanup();
    rmSync(current.store, { recursive: true, force: true });
    delete process.env.CONTENT_GIT_URL;
    delete process.env.CONTENT_CLONE_DIR;
    resetEnvForTest();
    resetLiveSnapshotForTest();
  });
  return current;
}

/** For a test file: pages read what lib/content serves as in production (drafts and scheduled issues hidden). */
export function useProductionContent(): void {
  const saved = process.env.NODE_ENV;
  beforeAll(() => {
    (process.env as Record<string, string>).NODE_ENV = 'production';
  });
  afterAll(() => {
    (process.env as Record<string, string>).NODE_ENV = saved ?? 'test';
  });
}
