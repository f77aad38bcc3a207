import { siteCss } from '@/components/ui/styles';
import { renderSiteFooter, renderSiteHeader, type SiteInfo } from '@/components/ui/chrome';
import type { Issue } from '@/lib/content/load';

/** The helpful 404: says what happened and offers the newest issues, the archive and the home page. */
export function NotFoundView({ site, latest }: { site: SiteInfo; latest: Issue[] }) {
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: siteCss }} />
      <a className="skip-link" href="#main">Skip to content</a>
      <div dangerouslySetInnerHTML={{ __html: renderSiteHeader(site).toString() }} />
      <main id="main" className="wrap" tabIndex={-1}>
        <h1>This page does not exist</h1>
        <p>
          The address may be mistyped, or the page may have moved. Every issue ever published is in the{' '}
          <a href="/archive">archive</a>, and the newest are on the <a href="/">home page</a>.
        </p>
        {latest.length > 0 && (
          <>
            <h2>Latest issues</h2>
            <ul>
              {latest.map((issue) => (
                <li key={issue.slug}>
                  <a href={`/${issue.slug}`}>{issue.title}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </main>
      <div dangerouslySetInnerHTML={{ __html: renderSiteFooter(site).toString() }} />
    </>
  );
}
