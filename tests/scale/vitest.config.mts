import { defineConfig } from 'vitest/config';

// The scale tests start real server processes from the production build (npm test runs them after
// the browser tests, which build it) and run one at a time.
export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ['tests/scale/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/scale/global-setup.ts'],
  },
});
