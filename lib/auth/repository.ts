import 'server-only';
import { readyDb } from '../db-ready';

export async function insertLoginToken(tokenHash: string, expiresAt: Date): Promise<void> {
  await (await readyDb()).loginToken.create({ data: { tokenHash, expiresAt } });
}

/** Marks the token used if it is unused and unexpired; true only for the one caller that did. */
export async function consumeLoginToken(tokenHash: string, now: Date): Promise<boolean> {
  const { count } = await (await readyDb()).loginToken.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}
