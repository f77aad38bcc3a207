/**
 * Corrections on publish (issue 14). A publish records every correction note it carries, once
 * (a Correction row per issue and hash of the note's text), under the publish lock and before
 * the version is recorded: a note new on an issue readers could already see is held for
 * NEWSLETTER_HOLD_MINUTES, like a new issue's newsletter; any other note (a new issue that arrives
 * with one, the first publish of a content source) is only dated. Each instance, on applying a
 * version, learns the days the notes show. The mailing is in corrections-send.ts.
 */
import 'server-only';
import { findNewCorrections } from '../content/corrections';
import type { Issue } from '../content/load';
import { correctionDayKey, setCorrectionDays } from '../content/service';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { computeReleaseAt } from './hold';
import * as repo from './corrections-repository';

/** What a publish is about to make live (as lib/publish/service.ts's VersionChange). */
type VersionChange = { version: string; before: Issue[] | null; after: Issue[] };

/** Records the version's correction notes not yet recorded; new corrections are held for the readers who were sent the issue. */
export async function recordCorrections({ version, before, after }: VersionChange, now = new Date()): Promise<void> {
  await supersedeChanged(after, now);
  const noted = after.filter((i) => i.correction !== null);
  if (noted.length === 0) return;
  const known = new Set((await repo.findCorrections(noted.map((i) => i.slug))).map((c) => correctionDayKey(c.slug, c.key)));
  const fresh = new Set(before ? findNewCorrections(before, after).map((i) => i.slug) : []);
  const releaseAt = computeReleaseAt(now, getEnv().NEWSLETTER_HOLD_MINUTES);
  for (const issue of noted) {
    const { note, key, corrected } = issue.correction!;
    if (known.has(correctionDayKey(issue.slug, key))) continue;
    const status = fresh.has(issue.slug) ? 'held' : 'quiet';
    const day = corrected ?? now.toISOString().slice(0, 10);
    if ((await repo.createCorrection({ slug: issue.slug, key, title: issue.title, note, day, version, releaseAt, status })) === 'created') {
      logEvent('info', 'newsletter.correction-recorded', { slug: issue.slug, status, releaseAt: releaseAt.toISOString() });
    }
  }
}

/** The author changing or removing a note during its hold is the way to stop it: the held one goes; an edited note is held anew. */
async function supersedeChanged(after: Issue[], now: Date): Promise<void> {
  const current = new Map(after.map((i) => [i.slug, i.correction?.key ?? null]));
  for (const held of await repo.findHeldCorrections()) {
    if (current.get(held.slug) === held.key) continue;
    if (await repo.supersedeCorrection(held.id, now)) logEvent('info', 'newsletter.correction-superseded', { slug: held.slug });
  }
}

/** Tells this process's pages the day each published note shows (called as each version is applied). */
export async function loadCorrectionDays(issues: Issue[]): Promise<void> {
  const noted = issues.filter((i) => i.correction !== null);
  const rows = await repo.findCorrections(noted.map((i) => i.slug));
  setCorrectionDays(new Map(rows.map((r) => [correctionDayKey(r.slug, r.key), r.day])));
}

/** Corrections waiting out their hold, soonest first (for /admin/publishing). */
export async function getHeldCorrections(): Promise<Array<{ slug: string; title: string; sendsAt: Date }>> {
  const held = await repo.findHeldCorrections();
  return held.sort((a, b) => a.releaseAt.getTime() - b.releaseAt.getTime()).map((c) => ({ slug: c.slug, title: c.title, sendsAt: c.releaseAt }));
}
