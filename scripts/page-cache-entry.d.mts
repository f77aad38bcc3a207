/** Types for ./page-cache-entry.mjs (plain JavaScript, so that server.mjs can load it without a build). */
export type StoredValue = { kind: string; status?: number; headers?: Record<string, string | string[]>; body?: Buffer } | null;
export type StoredRecord = { value: StoredValue; lastModified: number; cacheControl?: { revalidate?: number | false; expire?: number } };
export type TagMark = { stale?: number; expired?: number };
export const TAGS_HEADER: string;
export function entryTags(value: StoredValue): string[];
export function pathOfKey(key: string): string | null;
export function tagState(tags: string[], lastModified: number, manifest: Map<string, TagMark>, now?: number): 'fresh' | 'stale' | 'expired';
export function withinRevalidate(record: StoredRecord, now?: number): boolean;
export function isServable(value: StoredValue): boolean;
export function isCompressible(contentType: string | undefined): boolean;
export function chooseEncoding(header: string | undefined): 'br' | 'gzip' | 'identity';
export function encodingFor(header: string | undefined): 'br' | 'gzip' | 'identity';
export function matchesEtag(header: string | undefined, etags: string[]): boolean;
export function encodeRecord(record: StoredRecord): Buffer | null;
export function decodeRecord(bytes: Buffer | null): StoredRecord | null;
