import { defineConfig, devices } from '@playwright/test';
import { PREVIEWS_DIR, SITE_DIR } from './tests/support/fixture-site';

const port = Number(process.env.E2E_PORT ?? 3210);
const E2E_CONTENT_DIR = 'var/e2e-content';

export default defineConfig({
  // Browser tests: the reader's journeys (e2e/) and the hostile ones (security/).
  testDir: 'tests',
  testMatch: ['e2e/**/*.spec.ts', 'security/**/*.spec.ts'],
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // The popup opens after 2 s here: other specs start as readers who dismissed it, so it never
    // covers what they test. tests/e2e/popup.spec.ts starts from an empty state instead.
    storageState: {
      cookies: [{ name: 'masthead_popup_dismissed', value: String(Date.now()), domain: '127.0.0.1', path: '/', expires: -1, httpOnly: false, secure: false, sameSite: 'Lax' }],
      origins: [],
    },
    ...devices['Desktop Chrome'],
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is not possible offline.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    // The same path a reader's `npm start` takes: build when needed, then `next start`.
    // A database of its own, fresh each run; forgetting the build settings forces a rebuild so no
    // page prerendered from an earlier run's comments is served.
    // The content is the tests' own fixture newsletter (tests/fixtures/site, never the sample in
    // content/, which an author replaces; tests/support/fixture-site.ts says which spec owns which
    // issue) plus the previews' fixture issues (a draft and one scheduled for 2099,
    // tests/fixtures/previews): readers never see those, so no other spec does.
    command: `rm -f var/e2e.db var/e2e.db-* .next/masthead-settings.json && rm -rf ${E2E_CONTENT_DIR} && mkdir -p var && cp -R ${SITE_DIR} ${E2E_CONTENT_DIR} && cp ${PREVIEWS_DIR}/*.md ${E2E_CONTENT_DIR}/ && node scripts/start.mjs`,
    env: {
      PORT: String(port),
      SITE_URL: `http://127.0.0.1:${port}`,
      NODE_ENV: 'production',
      DATABASE_URL: 'file:./var/e2e.db',
      CONTENT_DIR: E2E_CONTENT_DIR,
      // Its published versions' folders of its own, never the checkout's var/content.
      CONTENT_CLONE_DIR: 'var/e2e-store',
      MAIL_DIR: 'var/e2e-mail',
      AUTHOR_PASSWORD: 'correct horse battery staple',
      // Every guard at its default (COMMENTS_MIN_SECONDS=3, 5 comments and 5 subscriptions per 10
      // minutes an address). All browser traffic comes from 127.0.0.1, which plays the proxy in
      // front (as nginx would): each test is a reader of its own through X-Forwarded-For
      // (tests/e2e/support/reader.ts).
      TRUST_PROXY: 'loopback',
      POPUP_DELAY_SECONDS: '2',
      // Chromium here is headless; without this its visits would be skipped like any robot's.
      VIEWS_COUNT_HEADLESS: '1',
    },
    url: `http://127.0.0.1:${port}/`,
    // `npm start` builds first (the settings file is removed above): on a busy 2-core machine over 4 minutes.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
