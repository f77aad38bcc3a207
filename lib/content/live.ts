import 'server-only';
import path from 'node:path';
import { getEnv } from '../env';
import { processSlot } from '../process-slots.mjs';

/**
 * One version of the content on disk: a folder laid out like content/ (issues, images/, pages/,
 * emails/), never changed once made. The live one is what every page of this process reads; a
 * publish makes a new one beside it and swaps it in (lib/publish).
 */
export type ContentSnapshot = {
  /** The commit id, or local-<hash> for a snapshot of the checkout's content/ folder; "working" for the folder itself. */
  version: string;
  dir: string;
  /** When this version became live (the publish record's time), for scheduled issues and /admin. */
  publishedAt: Date | null;
};

const live = processSlot<ContentSnapshot>('contentLive');

/**
 * The folder pages read. Until a publish sets one (a test, a script, `next dev`), the content
 * folder itself (CONTENT_DIR), read as it is.
 */
export function liveSnapshot(): ContentSnapshot {
  return live.get() ?? { version: 'working', dir: path.resolve(/*turbopackIgnore: true*/ process.cwd(), getEnv().CONTENT_DIR), publishedAt: null };
}

export function setLiveSnapshot(snapshot: ContentSnapshot): void {
  live.set(snapshot);
}

/** For tests: back to reading CONTENT_DIR as it is. */
export function resetLiveSnapshotForTest(): void {
  live.set(undefined as unknown as ContentSnapshot);
}
