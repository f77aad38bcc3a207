/**
 * vitest globalSetup: says once, at the top of the run, which database suites will not run and
 * why, so a green run without PostgreSQL is never mistaken for one that covered both databases.
 */
export default function reportSkips(): void {
  if (!process.env.TEST_POSTGRES_URL?.trim()) {
    console.warn(
      '\n[masthead] SKIPPED: every PostgreSQL half of the database suites (TEST_POSTGRES_URL is not set).\n' +
        '[masthead] Run them with TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres (CI sets it).\n',
    );
  }
}
