/** Test helpers for reply emails: a confirmation link from the sink, and the confirm button pressed. */
import type { ParsedMail } from 'mailparser';
import { flushDeliveries } from '@/lib/comments/notifications';
import { confirmReplyEmails } from '@/lib/comments/reply-addresses';

/** The token in the `path?token=…` link of a message's text part. */
export function tokenIn(mail: ParsedMail | undefined, path: string): string {
  const match = new RegExp(`${path}\\?token=([^\\s>]+)`).exec(mail?.text ?? '');
  if (!match) throw new Error(`no ${path} link in: ${mail?.subject ?? '(no message)'}`);
  return decodeURIComponent(match[1]!);
}

/** Confirms reply emails for an address from the confirmation email it received (as the reader would). */
export async function confirmFromMail(sink: { to: (a: string) => ParsedMail[] }, address: string): Promise<void> {
  await flushDeliveries();
  const mail = sink.to(address).find((m) => m.subject?.startsWith('Confirm reply emails'));
  const result = await confirmReplyEmails(tokenIn(mail, '/comments/confirm-replies'));
  if (!result.ok || result.value.state !== 'ready') throw new Error(`could not confirm ${address}`);
}
