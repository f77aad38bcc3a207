// How Node runs the production server (scripts/server.mjs): what `npm start` passes, what the
// benchmarks and the scale tests pass, and what DEPLOY.md's systemd unit writes for the
// standalone build. Each setting is measured in README (Performance: memory).
// - `--max-semi-space-size=2`: V8's young generation, where every request's short-lived objects
//   are born, is at most 2 × 2 MB instead of Node's 2 × 16 MB. It fills and is swept more often
//   (each sweep a fraction of a millisecond: almost all of it is garbage), and holds ~25 MB less.
// - MALLOC_ARENA_MAX=2: glibc makes a malloc arena per thread that allocates (libuv's pool
//   compresses pages, reads files, runs SQLite), each holding its freed memory; two are enough
//   for a process whose JavaScript runs on one thread.
// CommonJS, so that the browser tests' helpers (compiled to CommonJS) can load it as well.
exports.SERVER_NODE_ARGS = ['--max-semi-space-size=2'];
exports.SERVER_ENV = { MALLOC_ARENA_MAX: '2' };
