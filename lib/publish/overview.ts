import 'server-only';
import { getHeldSends as heldSends } from '../newsletter/hold-service';
import { getHeldCorrections } from '../newsletter/corrections';
import type { Issue } from '../content/load';
import { liveSnapshot } from '../content/live';
import type { ContentProblem } from '../content/problems';
import { createPreviewLink } from '../content/preview';
import { formatGoLive, formatWait } from '../content/schedule';
import { getDrafts, getScheduledIssues } from '../content/service';
import type { ContentChanges } from './changes';
import { describeCommit } from './git';
import { shortVersion } from './report';
import * as repo from './repository';
import { contentSource, type ContentSource } from './snapshot';

/** A version as the author reads it: the short commit id and its subject (git), or the folder's hash. */
export type VersionInfo = { version: string; short: string; subject: string | null };
export type PreviewableIssue = { slug: string; title: string; previewUrl: string; linkExpiresAt: Date };
export type ScheduledIssue = PreviewableIssue & { goesLive: string; wait: string };
/** A newsletter waiting out NEWSLETTER_HOLD_MINUTES before it goes to every subscriber. */
export type HeldSend = { slug: string; title: string; sendsAt: Date };

export type PublishingOverview = {
  source: { kind: ContentSource['kind']; label: string };
  live: (VersionInfo & { publishedAt: Date; via: string; changes: ContentChanges; warnings: ContentProblem[] }) | null;
  /** The version this instance serves, when it is not yet the newest publish (it catches up within a second). */
  servedHere: string | null;
  /** The newest refusal, only when no publish came after it. */
  refusal: (VersionInfo & { refusedAt: Date; via: string; problems: ContentProblem[] }) | null;
  scheduled: ScheduledIssue[];
  drafts: PreviewableIssue[];
  held: HeldSend[];
  /** Correction emails waiting out the same hold (issue 14): stopped by changing or removing the note. */
  corrections: HeldSend[];
};

async function versionInfo(source: ContentSource, version: string): Promise<VersionInfo> {
  const described = source.kind === 'git' ? await describeCommit(source.cloneDir, version) : null;
  return { version, short: shortVersion(version), subject: described?.subject || null };
}

/** Sends of the newsletter on publish still inside their hold (cancelled at /admin/newsletter). */
export async function getHeldSends(now = new Date()): Promise<HeldSend[]> {
  return (await heldSends(now)).map((h) => ({ slug: h.slug, title: h.subject, sendsAt: h.releaseAt }));
}

/** The repository's address as the author may see it: any password or token in it hidden. */
function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = u.username ? '***' : '';
    u.password = '';
    return u.toString();
  } catch {
    return url; // a path or scp-like address (git@host:repo) carries no password
  }
}

function previewable(issue: Issue, now: Date): PreviewableIssue {
  const link = createPreviewLink(issue.slug, now);
  return { slug: issue.slug, title: issue.title, previewUrl: link.url, linkExpiresAt: link.expiresAt };
}

/** What /admin/publishing shows: the live version, the last publish's changes, a refusal not yet settled, scheduled issues and drafts. */
export async function getPublishingOverview(now = new Date()): Promise<PublishingOverview> {
  const source = contentSource();
  const [published, refused, held, corrections] = await Promise.all([repo.latestPublish(source.key), repo.latestRefusal(source.key), getHeldSends(now), getHeldCorrections()]);
  const live = published ? { ...(await versionInfo(source, published.version)), publishedAt: published.publishedAt, via: published.via, changes: published.changes, warnings: published.warnings } : null;
  const unsettled = refused && (!published || refused.refusedAt.getTime() > published.publishedAt.getTime()) ? refused : null;
  const refusal = unsettled ? { ...(await versionInfo(source, unsettled.version)), refusedAt: unsettled.refusedAt, via: unsettled.via, problems: unsettled.problems } : null;
  const served = liveSnapshot().version;
  return {
    source: { kind: source.kind, label: source.kind === 'git' ? `${withoutCredentials(source.url)} (branch ${source.branch})` : `the content folder ${source.dir}` },
    live,
    servedHere: published && served !== published.version ? served : null,
    refusal,
    scheduled: getScheduledIssues(now).map((i) => ({ ...previewable(i, now), goesLive: formatGoLive(i.liveAt), wait: formatWait(now, new Date(i.liveAt)) })),
    drafts: getDrafts().map((i) => previewable(i, now)),
    held,
    corrections,
  };
}
