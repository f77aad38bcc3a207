/**
 * State that must be one per process although Next loads our modules more than once (each route's
 * bundle, instrumentation.ts and scripts/server.mjs have their own copies of lib/). Each slot is a
 * typed `globalThis` entry under a `Symbol.for` key, named here once; scripts/server.mjs uses the
 * same keys (it is plain JavaScript and cannot import this file).
 */
export type ProcessSlot<T> = { get(): T | undefined; set(value: T): void };

export function processSlot<T>(name: `masthead.${string}`): ProcessSlot<T> {
  const key = Symbol.for(name);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  return {
    get: () => store[key],
    set: (value) => {
      store[key] = value;
    },
  };
}

/** A slot created on first use by `create`, then shared by every copy of the module. */
export function processSingleton<T>(name: `masthead.${string}`, create: () => T): T {
  const slot = processSlot<T>(name);
  let value = slot.get();
  if (value === undefined) {
    value = create();
    slot.set(value);
  }
  return value;
}
