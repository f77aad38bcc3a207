/**
 * Corrections on publish (issue 14). Each instance, as it applies a published version (whichever
 * process published it: the server, `npm run publish`), records the correction notes it carries
 * that are not recorded yet, once (a Correction row per issue and hash of the note's text; the
 * unique key decides between instances), and learns the day each note shows.
 *
 * A note is news when the publish changed an issue readers could already see (the publish
 * record's `changed`, against the version before it): it is held for NEWSLETTER_HOLD_MINUTES,
 * like a new issue's newsletter, and mailed by corrections-send.ts. Any other note (a new issue
 * that arrives with one, the first publish of a content source) is only dated. A held note the
 * author changed or removed before its hold ended is dropped.
 */
import 'server-only';
import type { Issue } from '../content/load';
import { correctionDayKey, findNewCorrections } from '../content/corrections';
import { setCorrectionDays } from '../content/service';
import { getEnv } from '../env';
import { logEvent } from '../log';
import type { AppliedVersion } from '../publish/service';
import { computeReleaseAt } from './hold';
import * as repo from './corrections-repository';

/** Records the version's notes not yet recorded, drops held ones it no longer carries, and tells this process's pages their days. */
export async function applyCorrections({ record, issues }: AppliedVersion, now = new Date()): Promise<void> {
  await supersedeChanged(record.seq, issues, now);
  const noted = issues.filter((i) => i.correction !== null);
  let rows = await repo.findCorrections(noted.map((i) => i.slug));
  const fresh = findNewCorrections(noted, record.changes, new Set(rows.map((c) => correctionDayKey(c.slug, c.key))));
  const releaseAt = computeReleaseAt(now, getEnv().NEWSLETTER_HOLD_MINUTES);
  for (const { issue, news } of fresh) {
    const { note, key, corrected } = issue.correction!;
    const status = news ? 'held' : 'quiet';
    // The day of the publish that first carried it, the same on every instance that records it.
    const day = corrected ?? record.publishedAt.toISOString().slice(0, 10);
    if ((await repo.createCorrection({ slug: issue.slug, key, title: issue.title, note, day, version: record.version, seq: record.seq, releaseAt, status })) === 'created') {
      logEvent('info', 'newsletter.correction-recorded', { slug: issue.slug, status, releaseAt: releaseAt.toISOString() });
    }
  }
  if (fresh.length > 0) rows = await repo.findCorrections(noted.map((i) => i.slug));
  setCorrectionDays(new Map(rows.map((r) => [correctionDayKey(r.slug, r.key), r.day])));
}

/**
 * Changing or removing a note during its hold is how the author stops it: the held one goes (an
 * edited note is held anew). Only for corrections of this publish or an earlier one, so that an
 * instance applying an older version a moment late drops nothing newer.
 */
async function supersedeChanged(seq: number, issues: Issue[], now: Date): Promise<void> {
  const current = new Map(issues.map((i) => [i.slug, i.correction?.key ?? null]));
  for (const held of await repo.findHeldCorrections()) {
    if (held.seq > seq || current.get(held.slug) === held.key) continue;
    if (await repo.supersedeCorrection(held.id, now)) logEvent('info', 'newsletter.correction-superseded', { slug: held.slug });
  }
}

/** Corrections waiting out their hold, soonest first (for /admin/publishing). */
export async function getHeldCorrections(): Promise<Array<{ slug: string; title: string; sendsAt: Date }>> {
  const held = await repo.findHeldCorrections();
  return held.sort((a, b) => a.releaseAt.getTime() - b.releaseAt.getTime()).map((c) => ({ slug: c.slug, title: c.title, sendsAt: c.releaseAt }));
}
