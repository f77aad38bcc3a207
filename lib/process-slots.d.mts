/** Types for ./process-slots.mjs (plain JavaScript, so that server.mjs can load it without a build). */
export declare const SLOTS: Readonly<Record<SlotName, string>>;
export type SlotName =
  | 'requestContext' | 'draining' | 'viewsCount' | 'viewsCounter' | 'addressKind' | 'mayPreview'
  | 'serverUrl' | 'publishReady' | 'publishState' | 'refreshKey' | 'publishTick'
  | 'contentLive' | 'contentLoaded' | 'correctionDays' | 'bodyFacts' | 'pageCache';
export type ProcessSlot<T> = { get(): T | undefined; set(value: T): void };
export declare function processSlot<T>(name: SlotName): ProcessSlot<T>;
export declare function processSingleton<T>(name: SlotName, create: () => T): T;
