/** Types for ./build-state.mjs (plain JavaScript, so that start.mjs runs without a build). */
export function buildState(root: string): 'missing' | 'stale' | 'current';
