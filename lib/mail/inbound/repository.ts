import 'server-only';
import { readyDb } from '../../db-ready';
import { isUniqueViolation } from '../../db/errors';

/** Claims a reply token for one post: true for the one caller that may post with it (across instances). */
export async function claimReplyToken(token: string, commentId: string, now: Date): Promise<boolean> {
  try {
    await (await readyDb()).inboundReplyUse.create({ data: { token, commentId, usedAt: now } });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

/** Whether a token has posted (or is posting): a cheap look before a replayed message's text is read. */
export async function isReplyTokenUsed(token: string): Promise<boolean> {
  return (await (await readyDb()).inboundReplyUse.count({ where: { token } })) > 0;
}

/** Records the comment a token's reply became. */
export async function recordPostedReply(token: string, postedId: string): Promise<void> {
  await (await readyDb()).inboundReplyUse.update({ where: { token }, data: { postedId } });
}

/** Gives a claim back when nothing was posted (refused by the comment rules), so a later reply can post. */
export async function releaseReplyToken(token: string): Promise<void> {
  await (await readyDb()).inboundReplyUse.deleteMany({ where: { token, postedId: null } });
}

/** Claims the day's one explanation email to this address (lower-cased): true for the one caller that may send it. */
export async function claimExplanation(email: string, since: Date, now: Date): Promise<boolean> {
  const db = await readyDb();
  const { count } = await db.inboundExplanation.updateMany({ where: { email, sentAt: { lt: since } }, data: { sentAt: now } });
  if (count === 1) return true;
  try {
    await db.inboundExplanation.create({ data: { email, sentAt: now } });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}
