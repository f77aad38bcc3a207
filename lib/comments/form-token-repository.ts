import 'server-only';
import { readyDb } from '../db-ready';

/** Whether a comment was already posted with the form token carrying this nonce. */
export async function isNonceUsed(nonce: string): Promise<boolean> {
  return (await (await readyDb()).commentFormNonce.findUnique({ where: { nonce } })) !== null;
}

/**
 * Records the nonce as used; false when it already was (the primary key decides between two
 * posts racing with one token). Nonces of expired tokens are dropped: those tokens are refused anyway.
 */
export async function markNonceUsed(nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
  const db = await readyDb();
  try {
    await db.commentFormNonce.create({ data: { nonce, expiresAt } });
  } catch (e) {
    if ((e as { code?: string }).code === 'P2002') return false;
    throw e;
  }
  await db.commentFormNonce.deleteMany({ where: { expiresAt: { lt: now } } });
  return true;
}
