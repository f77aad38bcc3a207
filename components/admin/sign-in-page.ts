import { html } from '@/lib/html/html';
import { renderDocument } from '@/components/ui/document';
import type { SiteInfo } from '@/components/ui/chrome';

/** /admin for a visitor: sign in with the password (when one is set) or by an emailed link. */
export function renderSignInPage(site: SiteInfo, p: { passwordEnabled: boolean; error?: string | undefined; notice?: string | undefined }): string {
  return renderDocument({
    site,
    title: `Sign in · ${site.title}`,
    description: 'Sign in as the author.',
    canonical: `${site.url}/admin`,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<h1 class="page-title">Sign in as the author</h1>
${p.error ? html`<p class="form-error" role="alert">${p.error}</p>` : ''}
${p.notice ? html`<p class="notice" role="status">${p.notice}</p>` : ''}
${p.passwordEnabled
  ? html`<form class="comment-form" method="post" action="/admin/sign-in">
<div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
<div class="form-actions"><button type="submit">Sign in</button></div>
</form>
<p>Or get a one-time link by email instead:</p>`
  : html`<p>We will email a one-time sign-in link to the author's address.</p>`}
<form method="post" action="/admin/sign-in-link" class="form-actions"><button type="submit">Email me a sign-in link</button></form>`,
  });
}
