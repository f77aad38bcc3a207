import 'server-only';
import { toDate } from './content/dates';
import { getIssues, getTags } from './content/service';
import { getSiteInfo } from './site';

/** Every public page with its last change, for /sitemap.xml. */
export function getSitemapEntries(): Array<{ url: string; lastModified?: Date }> {
  const { url } = getSiteInfo();
  const issues = getIssues();
  const newest = issues[0] ? toDate(issues[0].updated ?? issues[0].date) : undefined;
  const withDate = (u: string, d: Date | undefined) => (d ? { url: u, lastModified: d } : { url: u });
  return [
    withDate(`${url}/`, newest),
    withDate(`${url}/archive`, newest),
    ...issues.map((i) => ({ url: `${url}/${i.slug}`, lastModified: toDate(i.updated ?? i.date) })),
    ...getTags().map(({ tag }) => ({ url: `${url}/tags/${tag}` })),
  ];
}
