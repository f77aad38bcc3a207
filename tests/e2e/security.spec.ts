import { expect, test } from '@playwright/test';

// The e2e server trusts one proxy (the browser on 127.0.0.1 plays it): what a client wrote into
// X-Forwarded-For before the proxy's own entry must not buy it a fresh allowance.
test('a made-up X-Forwarded-For entry does not buy a fresh rate limit', async ({ request }) => {
  const statuses: number[] = [];
  for (let i = 0; i < 10 && !statuses.includes(429); i++) {
    const res = await request.post('/api/subscribe', {
      form: { email: `spoof-${i}-${Date.now()}@example.com`, source: 'footer' },
      headers: { accept: 'application/json', 'x-forwarded-for': `10.9.${i}.1, 198.51.100.250`, 'x-real-ip': `10.8.${i}.1` },
    });
    statuses.push(res.status());
  }
  // The default allows 5 subscriptions per 10 minutes per address: the sixth is refused.
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
});
