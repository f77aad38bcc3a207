import 'server-only';
import { isUniqueViolation } from './errors';

/**
 * Records a one-time value (a link's or a form's nonce) whose primary key decides between racing
 * callers: true for the one that recorded it first, false for every later one. Rows already past
 * their expiry are then dropped by `prune` (their tokens are refused by the signature check anyway).
 */
export async function recordOnce(record: () => Promise<unknown>, prune: () => Promise<unknown>): Promise<boolean> {
  try {
    await record();
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
  await prune();
  return true;
}
