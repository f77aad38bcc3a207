import { expect, test } from '@playwright/test';
import { startDefaultServer } from './support/server';

// A setting that guards the site and cannot be read stops the server before it serves anything,
// with one line on stderr naming the variable: it never silently means "no limit" or "trust all".
for (const [name, value, message] of [
  ['COMMENTS_RATE_LIMIT', '0/10m', 'must look like 5/10m'],
  ['COMMENTS_RATE_LIMIT', '5/0m', 'must look like 5/10m'],
  ['SUBSCRIBE_RATE_LIMIT', '5/999d', 'must look like 5/10m'],
  ['TRUST_PROXY', '1', "is a hop count (1); list the proxies' addresses instead"],
] as const) {
  test(`${name}=${value} stops the server at start with one line naming it`, async () => {
    const error = await startDefaultServer(`bad-${name}`, { [name]: value }).then(
      async (server) => (await server.kill('SIGKILL'), null),
      (e: Error) => e.message,
    );
    expect(error).not.toBeNull();
    const stderr = error!.replace(/^[\w-]+ exited: /, '').trim().split('\n').filter((l) => l.trim());
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toContain(`Invalid environment variable ${name}: ${message}`);
  });
}

test('60/m, as the parser documents it, starts', async () => {
  test.setTimeout(90_000); // startServer itself waits up to 60 s for a busy machine's start
  const server = await startDefaultServer('per-minute', { COMMENTS_RATE_LIMIT: '60/m', SUBSCRIBE_RATE_LIMIT: '60/m' });
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  await server.kill('SIGTERM');
});
