import { html, type Html } from '@/lib/html/html';
import type { ContentChanges } from '@/lib/publish/changes';
import type { ContentProblem } from '@/lib/content/problems';
import type { PreviewableIssue, PublishingOverview, VersionInfo } from '@/lib/publish/overview';
import { renderDocument } from '@/components/ui/document';
import type { SiteInfo } from '@/components/ui/chrome';
import { renderAdminNav } from './nav';

type Props = { site: SiteInfo; overview: PublishingOverview; notice?: string | undefined };

const VIA: Record<string, string> = { webhook: 'by a push (webhook)', command: 'with Publish now or npm run publish', hook: 'by the post-receive hook', start: 'when the server started' };
const at = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const version = (v: VersionInfo) => html`<code title="${v.version}">${v.short}</code>${v.subject ? html` “${v.subject}”` : ''}`;

function renderChanges(changes: ContentChanges): Html {
  if (changes.initial) return html`<p>The first publish of this content: every issue went live with it.</p>`;
  const groups = [
    { label: 'Added', slugs: changes.added, link: true },
    { label: 'Changed', slugs: changes.changed, link: true },
    { label: 'Removed', slugs: changes.removed, link: false },
  ].filter((g) => g.slugs.length > 0);
  if (groups.length === 0) return html`<p>No issue changed for readers.</p>`;
  return html`<dl class="changes">${groups.map(
    (g) => html`<dt>${g.label}</dt>${g.slugs.map((s) => html`<dd>${g.link ? html`<a href="/${s}">/${s}</a>` : html`/${s}`}</dd>`)}`,
  )}</dl>`;
}

function renderProblems(problems: ContentProblem[], caption: string): Html {
  return html`<table><caption>${caption}</caption><thead><tr><th scope="col">File</th><th scope="col">Field</th><th scope="col">Problem</th><th scope="col">Fix</th></tr></thead><tbody>${problems.map(
    (p) => html`<tr><td>${p.file}</td><td>${p.field}</td><td>${p.severity === 'warning' ? 'Warning: ' : ''}${p.message}</td><td>${p.fix}</td></tr>`,
  )}</tbody></table>`;
}

function renderPreviewLink(i: PreviewableIssue): Html {
  return html`<div class="preview-link"><input readonly value="${i.previewUrl}" aria-label="Preview link for ${i.title}" data-copy-link="${i.title}"></div>
<small class="meta">Works until ${at(i.linkExpiresAt)}.</small>`;
}

function renderLive(o: PublishingOverview): Html {
  if (!o.live) return html`<p>Nothing has been published yet.</p>`;
  const l = o.live;
  return html`<dl class="live-version"><dt>Version</dt><dd>${version(l)}</dd><dt>Published</dt><dd>${at(l.publishedAt)}, ${VIA[l.via] ?? l.via}</dd><dt>From</dt><dd>${o.source.label}</dd></dl>
${o.servedHere ? html`<p class="meta">This instance still serves <code>${o.servedHere}</code>; it catches up within a second.</p>` : ''}
<h3>What it changed</h3>
${renderChanges(l.changes)}
${l.warnings.length ? renderProblems(l.warnings, 'Warnings (published anyway)') : ''}`;
}

/** /admin/publishing: what is live, what the last publish did, a refusal to fix, what is coming, and Publish now. */
export function renderPublishingAdmin({ site, overview: o, notice }: Props): string {
  const main: Html = html`<h1 class="page-title">Publishing</h1>
${renderAdminNav('/admin/publishing')}
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<section aria-labelledby="live-title"><h2 id="live-title">Live version</h2>
${renderLive(o)}
<form method="post" action="/admin/publishing/publish" class="form-actions"><button type="submit">Publish now</button></form>
<p class="meta">Publish now fetches the newest version and checks it, as a push does: readers see it only if it has no errors.</p>
</section>
${o.refusal
    ? html`<section aria-labelledby="refusal-title"><h2 id="refusal-title">Last refusal</h2>
<p>${version(o.refusal)} was refused at ${at(o.refusal.refusedAt)}, ${VIA[o.refusal.via] ?? o.refusal.via}. Readers still see the live version above. Fix these and push again:</p>
${renderProblems(o.refusal.problems, `${o.refusal.problems.length} problem${o.refusal.problems.length === 1 ? '' : 's'}`)}
</section>`
    : ''}
<section aria-labelledby="scheduled-title"><h2 id="scheduled-title">Scheduled issues</h2>
${o.scheduled.length
    ? html`<table><thead><tr><th scope="col">Issue</th><th scope="col">Goes live</th><th scope="col">Preview link</th></tr></thead><tbody>${o.scheduled.map(
        (i) => html`<tr><th scope="row"><a href="/${i.slug}">${i.title}</a></th><td>${i.goesLive} (${i.wait})</td><td>${renderPreviewLink(i)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>No issue is scheduled.</p>`}
</section>
<section aria-labelledby="drafts-title"><h2 id="drafts-title">Drafts</h2>
${o.drafts.length
    ? html`<table><thead><tr><th scope="col">Issue</th><th scope="col">Preview link</th></tr></thead><tbody>${o.drafts.map(
        (i) => html`<tr><th scope="row"><a href="/${i.slug}">${i.title}</a></th><td>${renderPreviewLink(i)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>No drafts.</p>`}
</section>
<section aria-labelledby="held-title"><h2 id="held-title">Newsletters waiting out their hold</h2>
${o.held.length
    ? html`<ul>${o.held.map((h) => html`<li><a href="/${h.slug}">${h.title}</a>: goes to every subscriber at ${at(h.sendsAt)}.</li>`)}</ul>
<p><a href="/admin/newsletter">Cancel a send on the newsletter page</a></p>`
    : html`<p>No newsletter is waiting to go out.</p>`}
${o.corrections.length
    ? html`<ul>${o.corrections.map((c) => html`<li>The correction of <a href="/${c.slug}">${c.title}</a>: goes to the readers who were sent it at ${at(c.sendsAt)}. To stop it, change or remove the note and publish again.</li>`)}</ul>`
    : ''}
</section>
<script type="module" src="/js/copy-link.js" async></script>`;
  return renderDocument({
    site,
    title: `Publishing · Admin · ${site.title}`,
    description: 'Publishing.',
    canonical: `${site.url}/admin/publishing`,
    head: html`<meta name="robots" content="noindex">`,
    main,
  });
}
