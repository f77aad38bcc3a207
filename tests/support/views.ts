/**
 * View-counting suites: a database of their own (see databases.ts) and a fresh counter for each
 * test, whose queue is written before the tables are emptied.
 */
import { afterEach, beforeEach } from 'vitest';
import { flushViews, getViewCounts, resetViewsForTest } from '@/lib/views/service';
import { useTestDatabase } from './databases';
import type { DatabaseKind } from '@/lib/db/url';

export function useViewCounting(kind: DatabaseKind) {
  const database = useTestDatabase(kind);
  beforeEach(() => resetViewsForTest());
  afterEach(async () => {
    await flushViews();
    resetViewsForTest();
  });
  /** An issue's displayed count. */
  const count = async (slug: string) => (await getViewCounts()).get(slug) ?? 0;
  return { database, count };
}
