import 'server-only';
import { readyDb } from '../db-ready';
import { recordOnce } from '../db/once';

/** Whether a comment was already posted with the form token carrying this nonce. */
export async function isNonceUsed(nonce: string): Promise<boolean> {
  return (await (await readyDb()).commentFormNonce.findUnique({ where: { nonce } })) !== null;
}

/** Records the nonce as used; false when it already was (two posts racing with one token). */
export async function markNonceUsed(nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
  const db = await readyDb();
  return recordOnce(
    () => db.commentFormNonce.create({ data: { nonce, expiresAt } }),
    () => db.commentFormNonce.deleteMany({ where: { expiresAt: { lt: now } } }),
  );
}
