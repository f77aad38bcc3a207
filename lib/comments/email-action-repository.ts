import 'server-only';
import { readyDb } from '../db-ready';
import { recordOnce } from '../db/once';

/** Records a link's nonce as used; true only for the one caller that recorded it first. */
export async function consumeNonce(nonce: string, now: Date, expiresAt: Date): Promise<boolean> {
  const db = await readyDb();
  return recordOnce(
    () => db.emailActionNonce.create({ data: { nonce, usedAt: now, expiresAt } }),
    () => db.emailActionNonce.deleteMany({ where: { expiresAt: { lt: now } } }),
  );
}

export async function isNonceUsed(nonce: string): Promise<boolean> {
  return (await (await readyDb()).emailActionNonce.findUnique({ where: { nonce } })) !== null;
}
