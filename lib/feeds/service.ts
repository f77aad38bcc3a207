import 'server-only';
import { getCorrectionDay, getIssues, renderIssueForSyndication } from '../content/service';
import { getSiteInfo } from '../site';
import { buildAtom, buildRss, type FeedItem } from './feeds';

function items(): FeedItem[] {
  return getIssues().map((issue) => {
    const day = getCorrectionDay(issue);
    return { ...issue, html: renderIssueForSyndication(issue), correction: issue.correction && day ? { note: issue.correction.note, day } : null };
  });
}

/** The RSS 2.0 feed of every published issue, full content. */
export function getRssFeed(): string {
  return buildRss(getSiteInfo(), items());
}

/** The Atom feed of every published issue, full content. */
export function getAtomFeed(): string {
  return buildAtom(getSiteInfo(), items());
}
