import { afterEach, describe, expect, it } from 'vitest';
import { disconnectDb } from '@/lib/db/client';
import { checkHealth } from '@/lib/health';
import { testDatabases, useTestDatabase } from '../support/databases';

describe.each(testDatabases)('the health check on $kind', ({ kind }) => {
  useTestDatabase(kind);

  it('reports the app ok when its database answers', async () => {
    expect(await checkHealth()).toMatchObject({ status: 'ok', database: { kind, status: 'ok' } });
  });
});

describe('the health check without its database', () => {
  const previousUrl = process.env.DATABASE_URL;
  afterEach(async () => {
    await disconnectDb();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
  });

  it('answers unavailable (for a 503) when the database refuses connections, within its timeout', async () => {
    await disconnectDb();
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/masthead_nowhere';
    const started = performance.now();
    const health = await checkHealth(2_000);
    expect(health).toMatchObject({ status: 'unavailable', database: { kind: 'postgres', status: 'unreachable' } });
    expect(performance.now() - started).toBeLessThan(2_500);
  });
});
