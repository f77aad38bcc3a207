import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/security/**/*.test.ts'],
    // Says which PostgreSQL halves are skipped, and why, before the run starts.
    globalSetup: ['tests/support/report-skips.ts'],
    // The tests read a fixture newsletter of their own, never the sample one in content/ (an author
    // replaces that with theirs). A suite that needs other content writes a folder and points CONTENT_DIR at it.
    env: { CONTENT_DIR: 'tests/fixtures/content' },
    // `server-only` throws outside Next's server bundles; in tests lib code runs as on the server.
    alias: { 'server-only': new URL('./tests/support/server-only.ts', import.meta.url).pathname },
  },
});
