import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPublishingAdmin } from '@/components/admin/publishing-page';
import { previewTokenAllows } from '@/lib/content/preview';
import { getPublishingOverview } from '@/lib/publish/overview';
import { publish } from '@/lib/publish/service';
import { getSiteInfo } from '@/lib/site';
import { issueFile } from '../support/content-repo';
import { testDatabases, useTestDatabase } from '../support/databases';
import { usePublishingFrom } from '../support/publishing';
import { useMailSinkWithDefaults } from '../support/smtp';

// /admin/publishing from a real git repository: the live commit and its subject, what the last
// publish changed, a refusal newer than it with each problem, the scheduled issues and the drafts
// with working preview links.
useMailSinkWithDefaults();
const SECRET = 'publishing-admin-test-secret-0123456789abcdef';
const savedNodeEnv = process.env.NODE_ENV;
beforeAll(() => {
  (process.env as Record<string, string>).NODE_ENV = 'production';
  process.env.APP_SECRET = SECRET;
});
afterAll(() => {
  (process.env as Record<string, string>).NODE_ENV = savedNodeEnv ?? 'test';
  delete process.env.APP_SECRET;
});

const first = {
  'kestrel.md': issueFile({ title: 'Kestrel', date: '2025-03-01' }),
  'sketch.md': issueFile({ title: 'A sketch of a plan', date: '2025-03-02', extra: 'draft: true' }),
  'solstice.md': issueFile({ title: 'Solstice letter', date: '2099-12-21', extra: 'publishAt: 2099-12-21T09:30:00Z' }),
};

const text = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe.each(testDatabases)('the publishing overview on $kind', ({ kind }) => {
  useTestDatabase(kind);
  const content = usePublishingFrom(first);

  it('shows the live commit, its changes, the scheduled issue and the drafts with preview links', async () => {
    await publish('start');
    content.repo.write('osprey.md', issueFile({ title: 'Osprey', date: '2025-03-05' }));
    const head = content.repo.push('Osprey joins the flock');
    expect(await publish('webhook')).toMatchObject({ status: 'published', version: head });

    const o = await getPublishingOverview();
    expect(o.live).toMatchObject({ version: head, short: head.slice(0, 10), subject: 'Osprey joins the flock', via: 'webhook', changes: { added: ['osprey'], changed: [], removed: [] } });
    expect(o.refusal).toBeNull();
    expect(o.scheduled).toEqual([expect.objectContaining({ slug: 'solstice', goesLive: '2099-12-21 09:30 UTC' })]);
    expect(o.drafts.map((d) => d.slug)).toEqual(['sketch']);
    for (const p of [...o.scheduled, ...o.drafts]) {
      const url = new URL(p.previewUrl);
      expect(url.pathname).toBe(`/${p.slug}`);
      expect(previewTokenAllows(url.searchParams.get('preview'), p.slug, SECRET)).toBe(true);
      expect(p.linkExpiresAt.getTime() - Date.now()).toBeGreaterThan(7 * 86400_000 - 60_000);
      expect(p.linkExpiresAt.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86400_000);
    }
    expect(o.held).toEqual([]);

    const page = text(renderPublishingAdmin({ site: getSiteInfo(), overview: o }));
    expect(page).toContain(`${head.slice(0, 10)} “Osprey joins the flock”`);
    expect(page).toContain('by a push (webhook)');
    expect(page).toContain('Added /osprey');
    expect(page).toContain('Solstice letter 2099-12-21 09:30 UTC');
    expect(page).toContain('A sketch of a plan');
    expect(page).toContain('No newsletter is waiting to go out.');
    expect(page).not.toContain('Last refusal');
  });

  it('shows a refusal newer than the live version with every problem, until a later publish settles it', async () => {
    const good = content.repo.push('Kestrel first');
    await publish('start');
    content.repo.write('kestrel.md', issueFile({ title: 'Kestrel', date: '2025-02-30' }));
    const bad = content.repo.push('Kestrel on a day that does not exist');
    expect(await publish('webhook')).toMatchObject({ status: 'refused', version: bad });

    const o = await getPublishingOverview();
    expect(o.live?.version).toBe(good);
    expect(o.refusal).toMatchObject({ version: bad, subject: 'Kestrel on a day that does not exist', problems: [expect.objectContaining({ file: 'kestrel.md', field: 'date' })] });
    const page = text(renderPublishingAdmin({ site: getSiteInfo(), overview: o }));
    expect(page).toContain('Last refusal');
    expect(page).toContain(`${bad.slice(0, 10)} “Kestrel on a day that does not exist” was refused`);
    expect(page).toMatch(/kestrel\.md date is not a real calendar date/);
    expect(page).toContain('write the publication day as YYYY-MM-DD');

    content.repo.write('kestrel.md', issueFile({ title: 'Kestrel', date: '2025-03-01', body: 'Fixed.' }));
    content.repo.push('Kestrel on a real day');
    expect(await publish('webhook')).toMatchObject({ status: 'published' });
    expect((await getPublishingOverview()).refusal).toBeNull();
  });
});
