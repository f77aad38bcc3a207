// Next's cache handler (next.config.mjs `cacheHandler`): where Next keeps the responses of the
// prerendered routes (ISR) and what revalidatePath/revalidateTag invalidate. It hands everything to
// the process's page cache (./page-cache.mjs), which scripts/server.mjs reads to answer readers
// before Next is involved. Next makes one handler per request: the state lives in the page cache.
import path from 'node:path';
import { pageCache, openPageCache } from './page-cache.mjs';

export default class PageCacheHandler {
  constructor(context) {
    const distDir = context?.serverDistDir ? path.join(context.serverDistDir, '..') : null;
    this.cache = pageCache(() => openPageCache({ distDir }));
  }

  get(key) {
    return this.cache.get(key);
  }

  set(key, data, context) {
    return this.cache.set(key, data, context?.cacheControl);
  }

  revalidateTag(tags, durations) {
    return this.cache.revalidateTag(tags, durations);
  }

  resetRequestCache() {}
}
