/**
 * `npm run mail:receive [-- --recipient ADDR] [--sender ADDR] [--client-address IP] [--helo NAME] < message.eml`:
 * one reply by email, read from stdin (Postfix's `pipe`, or a provider's inbound webhook saved as
 * raw MIME), handled like a message to Masthead's own SMTP server (lib/comments/reply-by-email.ts).
 * The recipient is --recipient, else the message's Delivered-To, X-Original-To, To or Cc. The exit
 * code is what Postfix understands (sysexits): 0 handled (posted, ignored, or refused and logged),
 * 67 not a reply address of this site, 65 too large or unreadable (bounced), 75 try again later
 * (a DNS or database failure; also any crash), 64 bad arguments.
 */
import { parseArgs } from 'node:util';
import { simpleParser, type AddressObject } from 'mailparser';
import { receiveReply } from '@/lib/comments/reply-by-email';
import { flushDeliveries } from '@/lib/comments/notifications';
import { getEnv } from '@/lib/env';
import { EXIT, exitCodeFor } from '@/lib/mail/inbound/outcome';
import { useLiveContent } from '@/lib/publish/service';
import { runCommand } from './run-command';

/** Reads stdin, keeping at most `max` bytes (the rest is read and dropped), and says whether there was more. */
async function readStdin(max: number): Promise<{ raw: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    if (size + chunk.length <= max) chunks.push(chunk);
    else if (size < max) chunks.push(chunk.subarray(0, max - size));
    size += chunk.length;
  }
  return { raw: Buffer.concat(chunks), tooLarge: size > max };
}

async function recipientsFromHeaders(raw: Buffer): Promise<string[]> {
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true }).catch(() => null);
  if (!mail) return [];
  const header = (name: string) => mail.headerLines.filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(':') + 1).replace(/[<>\s]/g, ''));
  const listed = (a: AddressObject | AddressObject[] | undefined) => [a ?? []].flat().flatMap((o) => o.value.map((v) => v.address ?? ''));
  return [...header('delivered-to'), ...header('x-original-to'), ...listed(mail.to), ...listed(mail.cc)].filter(Boolean);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { recipient: { type: 'string' }, sender: { type: 'string' }, 'client-address': { type: 'string' }, helo: { type: 'string' } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: npm run mail:receive -- [--recipient ADDR] [--sender ADDR] [--client-address IP] [--helo NAME] < message.eml`);
    return EXIT.USAGE;
  }
  const { raw, tooLarge } = await readStdin(getEnv().INBOUND_MAX_BYTES);
  const recipients = args.recipient ? [args.recipient] : await recipientsFromHeaders(raw);
  const outcome = await receiveReply({
    raw, tooLarge, recipients,
    envelope: { ip: args['client-address'], helo: args.helo, sender: args.sender ?? null },
  }, {
    // The published version of the content, as the server serves it; only for a message that may post.
    beforePosting: useLiveContent,
  });
  await flushDeliveries();
  // One line for the mail log (Postfix quotes it in a bounce); never the message's own text.
  console.error(outcome.kind === 'posted' ? `posted: comment ${outcome.commentId} (${outcome.status})` : `${outcome.kind}${'reason' in outcome ? `: ${outcome.reason}` : ''}`);
  return exitCodeFor(outcome);
}

runCommand(main, EXIT.TEMPFAIL);
