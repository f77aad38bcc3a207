/**
 * Readers posting through the real service with the settings a user gets by default
 * (minimum time, rate limit, moderation 'post'): each reader comes from an address of
 * their own and posts with a form token of their own minted a minute earlier, as a person would.
 */
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '@/lib/comments/context';
import { createReaderFormToken } from '@/lib/comments/form-guard';
import { createComment } from '@/lib/comments/service';
import { resetEnvForTest } from '@/lib/env';

export const SLUG = 'keeping-a-lab-notebook';

/** Only what a real install must set; every comment guard keeps its default. */
export function useDefaultCommentSettings(extra: Record<string, string> = {}): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('COMMENTS_')) delete process.env[key];
  Object.assign(process.env, { AUTHOR_NAME: 'Robin Hale', AUTHOR_EMAIL: 'robin@example.com', APP_SECRET: 'test-secret-test-secret-test-secret-42', ...extra });
  resetEnvForTest();
}

const randomIp = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

/** A reader's request: a fresh address, now. */
export const readerCtx = (over: Partial<RequestContext> = {}): RequestContext => ({
  ip: randomIp(), now: new Date(), isAuthor: false, ownIds: new Set(), ...over,
});

/** The form as a reader sends it, from a page rendered a minute ago. */
export const readerForm = (over: Record<string, unknown> = {}) => {
  const slug = typeof over.slug === 'string' ? over.slug : SLUG;
  return {
    slug, body: `A thoughtful comment ${randomBytes(4).toString('hex')}`,
    formToken: createReaderFormToken(slug, new Date(Date.now() - 60_000)), notifyReplies: 'off', ...over,
  };
};

/** Posts as a reader and returns the stored comment (throws when refused). */
export async function postAsReader(over: Record<string, unknown> = {}, ctx: Partial<RequestContext> = {}) {
  const result = await createComment(readerForm(over), readerCtx(ctx));
  if (!result.ok) throw new Error(`expected a comment, got ${result.error}`);
  return result.value;
}
