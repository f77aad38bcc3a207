import { expect, test } from '@playwright/test';

// Runs last (files run in name order): it uses up this address's subscribe allowance.
test('a made-up X-Forwarded-For header does not buy a fresh rate limit', async ({ request }) => {
  const statuses: number[] = [];
  for (let i = 0; i < 110 && !statuses.includes(429); i++) {
    const res = await request.post('/api/subscribe', {
      form: { email: `spoof-${i}-${Date.now()}@example.com`, source: 'footer' },
      headers: { accept: 'application/json', 'x-forwarded-for': `10.9.${i}.1`, 'x-real-ip': `10.8.${i}.1` },
    });
    statuses.push(res.status());
  }
  // The e2e server allows 100 per 10 minutes per address; every request came from 127.0.0.1.
  expect(statuses).toContain(429);
});
