/** Types for ./page-cache.mjs (plain JavaScript, so that server.mjs and Next's cache handler load it without a build). */
import type { StoredRecord, StoredValue, TagMark } from './page-cache-entry.mjs';

export type Served = { hash: string; headers: Record<string, string>; compressible: boolean; identity: Buffer; gzip: Buffer | null; br: Buffer | null; etags: Record<'identity' | 'gzip' | 'br', string> };
export type Hit = { served: Served; body: Buffer; encoding: 'br' | 'gzip' | 'identity' };

export class PageCache {
  constructor(options?: { maxBytes?: number; backend?: unknown; log?: unknown });
  bytes: number;
  get size(): number;
  get(key: string): Promise<StoredRecord | null>;
  set(key: string, value: StoredValue, cacheControl?: StoredRecord['cacheControl']): Promise<void>;
  revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void>;
  applyMarks(marks: Record<string, TagMark>): void;
  clear(): void;
  lookup(pathname: string, encoding: 'br' | 'gzip' | 'identity'): Hit | null;
  close(): Promise<void>;
}
export function pageCache(create?: () => PageCache): PageCache;
export function openPageCache(options?: { env?: Record<string, string | undefined>; distDir?: string | null; log?: unknown; serving?: boolean }): PageCache;
