// HTTP glue for /admin/newsletter: overview, sending, CSV import and export.
import { renderNewsletterAdmin } from '@/components/admin/newsletter-page';
import { renderMessagePage } from '@/components/ui/message-page';
import { getIssues } from '@/lib/content/service';
import { getEnv } from '@/lib/env';
import { htmlResponse, seeOther } from '@/lib/http';
import { logEvent } from '@/lib/log';
import { exportSubscribersCsv, getNewsletterOverview, importSubscribersCsv, searchSubscribers } from '@/lib/newsletter/admin';
import { getHeldSends, isHeld } from '@/lib/newsletter/hold-service';
import { getSendHistory, sendIssue } from '@/lib/newsletter/send';
import { localLinksRefusal } from '@/lib/newsletter/send-site';
import { isSameOrigin, readBody } from '@/lib/request';
import { getSiteInfo } from '@/lib/site';
import { isAuthorRequest } from './admin';
import { refusedCrossSite } from './refused';

const MAX_CSV_BYTES = 20 * 1024 * 1024;
// Room for the multipart envelope (boundaries, part headers, the other small fields) around the file.
const MULTIPART_ALLOWANCE = 64 * 1024;
// One send at a time per instance; the delivery records keep even two instances from doubling up.
let running: Promise<unknown> | null = null;

const refused = refusedCrossSite;

export async function showNewsletterAdmin(request: Request, notice?: string): Promise<Response> {
  if (!(await isAuthorRequest(request))) return seeOther('/admin');
  const url = new URL(request.url);
  const query = url.searchParams.get('q') ?? '';
  const [overview, sends, held, results] = await Promise.all([getNewsletterOverview(), getSendHistory(), getHeldSends(), query ? searchSubscribers(query) : Promise.resolve([])]);
  return htmlResponse(
    renderNewsletterAdmin({
      site: getSiteInfo(), ...overview, sends, held, query, results, sending: running !== null,
      issues: getIssues().map((i) => ({ slug: i.slug, title: i.title })),
      notice: notice ?? url.searchParams.get('notice') ?? undefined,
    }),
    200,
    { 'cache-control': 'private, no-store' },
  );
}

/** POST /admin/newsletter/send: a test copy to the author (waited for), or the real send (in the background). */
export async function postSend(request: Request): Promise<Response> {
  if (!(await isAuthorRequest(request))) return seeOther('/admin');
  if (!isSameOrigin(request, getEnv().SITE_URL)) return refused();
  const body = await readBody(request, 4096);
  if (!body.ok && body.error === 'too-large') return htmlResponse(renderMessagePage(getSiteInfo(), { title: 'Too large', message: 'That form was far too large.' }), 413);
  const slug = body.ok && typeof body.value.slug === 'string' ? body.value.slug : '';
  const back = (notice: string) => seeOther(`/admin/newsletter?notice=${encodeURIComponent(notice)}`);
  if (body.ok && body.value.mode === 'test') {
    const result = await sendIssue(slug, { testTo: getEnv().AUTHOR_EMAIL });
    if (result.ok) return back(`A test copy went to ${getEnv().AUTHOR_EMAIL}.`);
    return back(result.error === 'invalid-test-address' ? `AUTHOR_EMAIL (${getEnv().AUTHOR_EMAIL}) is not an address mail can be sent to.` : 'That issue does not exist.');
  }
  if (running) return back('A send is already running.');
  if (!getIssues().some((i) => i.slug === slug)) return back('That issue does not exist.');
  if (await isHeld(slug)) return back('That issue is waiting out its hold (see above): it is sent when the hold ends, unless you cancel it.');
  // This server's SITE_URL is the one its pages were built with; readers still cannot open a loopback one.
  const refusal = localLinksRefusal(getEnv().SITE_URL, 'send from the command line with --allow-local-links');
  if (refusal) return back(refusal);
  running = sendIssue(slug)
    .then((r) => logEvent('info', 'newsletter.sent', { slug, summary: r.ok ? r.value : r.error }))
    .catch((e) => logEvent('error', 'newsletter.send-crashed', { slug, error: e as Error }))
    .finally(() => (running = null));
  return back('Sending has started. Delivered counts below update as it goes.');
}

export async function postImport(request: Request): Promise<Response> {
  if (!(await isAuthorRequest(request))) return seeOther('/admin');
  if (!isSameOrigin(request, getEnv().SITE_URL)) return refused();
  // A file upload (multipart, field `file`) or a pasted form (field `csv`), capped whatever the framing.
  const body = await readBody(request, MAX_CSV_BYTES + MULTIPART_ALLOWANCE, { files: true });
  if (!body.ok && body.error === 'too-large') {
    return htmlResponse(renderMessagePage(getSiteInfo(), { title: 'Too large', message: 'CSV files up to 20 MB can be imported.' }), 413);
  }
  const field = body.ok ? (body.value.file ?? body.value.csv) : '';
  const text = typeof field === 'string' ? field : '';
  const report = await importSubscribersCsv(text);
  const problems = report.invalid.slice(0, 5).map((i) => `line ${i.line}: ${i.reason}`).join('; ');
  return showNewsletterAdmin(
    new Request(new URL('/admin/newsletter', request.url), { headers: request.headers }),
    `Imported ${report.added}, already here ${report.skipped}, refused ${report.invalid.length}${problems ? ` (${problems})` : ''}.`,
  );
}

export async function exportCsv(request: Request): Promise<Response> {
  if (!(await isAuthorRequest(request))) return seeOther('/admin');
  const rows = exportSubscribersCsv();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(new TextEncoder().encode(next.value));
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="subscribers-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
}
