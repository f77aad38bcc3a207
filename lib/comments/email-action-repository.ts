import 'server-only';
import { readyDb } from '../db-ready';
import { isUniqueViolation } from '../db/errors';

/** Records a link's nonce as used; true only for the one caller that recorded it first. */
export async function consumeNonce(nonce: string, now: Date, expiresAt: Date): Promise<boolean> {
  const db = await readyDb();
  // Used links past their expiry could not be replayed anyway (the signature check refuses them).
  await db.emailActionNonce.deleteMany({ where: { expiresAt: { lt: now } } });
  try {
    await db.emailActionNonce.create({ data: { nonce, usedAt: now, expiresAt } });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

export async function isNonceUsed(nonce: string): Promise<boolean> {
  return (await (await readyDb()).emailActionNonce.findUnique({ where: { nonce } })) !== null;
}
