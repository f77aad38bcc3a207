import 'server-only';
import { getEnv } from '../env';
import { countLinks, decideStatus } from './policy';
import * as repo from './repository';

export const DUPLICATE_MESSAGE = 'This comment has already been posted.';

/**
 * The moderation a body gets, the same for a new comment and a reader's edit: refused when it
 * duplicates another comment on the issue (by duplicateKey), otherwise published or held.
 */
export async function reviewBody(p: {
  slug: string;
  body: string;
  email: string | null;
  isAuthor: boolean;
  /** The comment being edited, which is no duplicate of itself. */
  exceptId?: string;
}): Promise<{ ok: false } | { ok: true; status: 'published' | 'pending' }> {
  if (await repo.findDuplicate(p.slug, p.body, p.exceptId)) return { ok: false };
  const env = getEnv();
  const status = decideStatus({
    mode: env.COMMENTS_MODERATION,
    isAuthor: p.isAuthor,
    knownCommenter: p.email ? await repo.hasPublishedComment(p.email) : false,
    linkCount: countLinks(p.body),
    maxLinks: env.COMMENTS_MAX_LINKS,
  });
  return { ok: true, status };
}
