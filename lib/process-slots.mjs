// State that must be one per process although Next loads our modules more than once (each route's
// bundle, instrumentation.ts and the cache handler have their own copies of lib/), and that
// scripts/server.mjs shares with the app. Each slot is a `globalThis` entry under a `Symbol.for`
// key; every slot's name is listed here, so a search for it shows every party. Plain JavaScript,
// so that server.mjs loads it without a build (the standalone build copies it beside server.mjs).

/** Every slot, by what it holds. */
export const SLOTS = Object.freeze({
  /** server.mjs → lib/log.ts: the request id of the request being handled (an AsyncLocalStorage). */
  requestContext: 'masthead.requestContext',
  /** server.mjs → lib/health.ts: true once SIGTERM started the drain. */
  draining: 'masthead.draining',
  /** instrumentation.ts → server.mjs: counts an issue view (lib/views). */
  viewsCount: 'masthead.views.count',
  /** lib/views → server.mjs: the view counter, flushed at shutdown. */
  viewsCounter: 'masthead.views.counter',
  /** instrumentation.ts → server.mjs: known, unpublished or unknown (lib/content/addresses.ts). */
  addressKind: 'masthead.content.address-kind',
  /** instrumentation.ts → server.mjs: may this request see an unpublished issue (lib/content/preview.ts). */
  mayPreview: 'masthead.content.may-preview',
  /** server.mjs → lib/publish/refresh.ts: the address this server listens on, for its own requests. */
  serverUrl: 'masthead.server.url',
  /** lib/publish/sync.ts → server.mjs: resolves once the pages stored of another version are refreshed at start. */
  publishReady: 'masthead.publish.ready',
  /** lib/publish: what this process serves, its publish queue and hooks. */
  publishState: 'masthead.publish.state',
  /** lib/publish/refresh.ts: the key of the process's own refresh requests. */
  refreshKey: 'masthead.publish.refresh-key',
  /** lib/publish/sync.ts: the tick each instance runs every second. */
  publishTick: 'masthead.publish.tick',
  /** lib/content: the live version's folder, and the version loaded from it. */
  contentLive: 'masthead.content.live',
  contentLoaded: 'masthead.content.loaded',
  correctionDays: 'masthead.content.correction-days',
  /** lib/content/body-facts.ts: what each distinct body holds, parsed once. */
  bodyFacts: 'masthead.content.body-facts',
  /** the cache handler and server.mjs: the one page cache (scripts/page-cache.mjs). */
  pageCache: 'masthead.page-cache',
});

/** A typed handle on one slot. */
export function processSlot(name) {
  const key = Symbol.for(SLOTS[name]);
  return {
    get: () => globalThis[key],
    set: (value) => {
      globalThis[key] = value;
    },
  };
}

/** A slot created on first use by `create`, then shared by every copy of the module. */
export function processSingleton(name, create) {
  const slot = processSlot(name);
  let value = slot.get();
  if (value === undefined) {
    value = create();
    slot.set(value);
  }
  return value;
}
