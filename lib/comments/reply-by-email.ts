import 'server-only';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { DNSResolver } from 'mailauth';
import { emailKey, normalizeEmail } from '../email-address';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { checkSender } from '../mail/inbound/authenticate';
import type { AuthVerdict } from '../mail/inbound/auth-verdict';
import { autoReplyReason, type MessageFacts } from '../mail/inbound/auto-reply';
import type { InboundOutcome } from '../mail/inbound/outcome';
import * as inbound from '../mail/inbound/repository';
import { replyText } from '../mail/inbound/reply-text';
import type { ReplyTokenClaims } from '../mail/inbound/reply-token';
import { startInboundSmtp, type ReceivedMessage } from '../mail/inbound/smtp-server';
import { sendMail } from '../mail/send';
import { refreshPages } from '../publish/refresh';
import { commentFeedPaths } from '../feeds/comment-atom';
import { getSiteInfo } from '../site';
import { replyRefusedEmail } from './emails';
import * as repo from './repository';
import * as addresses from './reply-address-repository';
import { readReplyByEmailAddress } from './reply-links';
import { createEmailReply, type CreateError } from './service';

export type ReceiveOptions = {
  resolver?: DNSResolver | undefined;
  now?: Date;
  /** Runs once a message is known to be a reply worth posting (a script loads the live content then, not for every bounce). */
  beforePosting?: () => Promise<void>;
};

const DAY_MS = 24 * 3600 * 1000;

/** Why a reply was not posted, in the words of the one explanation its sender may get (null: none is sent). */
const WHY: Record<string, string | null> = {
  expired: `the email you answered is more than 30 days old, so replying to it no longer posts.`,
  replayed: 'that email was already answered once, and each email takes one reply.',
  'wrong-sender': 'it came from another address than the one our email was sent to.',
  empty: 'we found no text in it once the quoted email and the signature were taken off.',
  'unknown-parent': 'the comment you answered is no longer there, or is waiting for approval.',
  'unknown-comment': 'the comment you answered is no longer there.',
  'rate-limited': 'you have posted a lot in a short time. Please try again later.',
  duplicate: 'the same text is already posted there.',
  invalid: 'it could not be posted as a comment (a comment is at most 10,000 characters).',
  impersonation: 'it could not be posted under that name.',
  blocked: null,
  'unknown-recipient': null,
};

/** The address a reply is for: the first recipient that is one of our reply addresses, with its token read. */
function findTarget(recipients: string[], now: Date) {
  let last: ReturnType<typeof readReplyByEmailAddress> = { ok: false, error: 'not-ours' };
  for (const r of recipients) {
    last = readReplyByEmailAddress(r, now);
    if (last.ok) return last;
  }
  return last;
}

/** Whether the mail layer takes a message for this address (the RCPT check of the SMTP server). */
export function isReplyAddress(address: string): boolean {
  return readReplyByEmailAddress(address).ok;
}

function factsOf(mail: ParsedMail, envelopeSender: string | null): MessageFacts {
  const lines = new Map<string, string>();
  for (const { key, line } of mail.headerLines) if (!lines.has(key)) lines.set(key, line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  const returnPath = lines.get('return-path');
  return {
    header: (name) => lines.get(name),
    contentType: (lines.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase(),
    envelopeSender: envelopeSender ?? (returnPath === undefined ? null : returnPath.replace(/[<>\s]/g, '')),
    from: mail.from?.value[0]?.address ?? null,
    subject: mail.subject ?? '',
  };
}

/**
 * Turns a received email into a reply comment, or says why not (lib/mail/inbound/outcome.ts).
 * Order matters: what is not ours or cannot be read is refused before anything is looked up;
 * machines (auto-replies, bounces) are ignored before anyone is answered; a From domain that
 * publishes DKIM/SPF/DMARC must vouch for the message; then the token, its sender and its one use.
 */
export async function receiveReply(message: ReceivedMessage, options: ReceiveOptions = {}): Promise<InboundOutcome> {
  const env = getEnv();
  const now = options.now ?? new Date();
  if (message.tooLarge || message.raw.length > env.INBOUND_MAX_BYTES) return logged({ kind: 'too-large' }, 'too-large');
  const target = findTarget(message.recipients, now);
  if (!target.ok) return logged({ kind: 'not-ours', reason: target.error === 'not-ours' ? 'unknown-recipient' : 'forged-token' });
  let mail: ParsedMail;
  try {
    mail = await simpleParser(message.raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, maxHtmlLengthToParse: env.INBOUND_MAX_BYTES });
  } catch {
    return logged({ kind: 'unreadable', reason: 'unparseable' });
  }
  const auto = autoReplyReason(factsOf(mail, message.envelope.sender ?? null));
  if (auto) return logged({ kind: 'ignored', reason: auto });
  const senders = mail.from?.value.filter((a) => a.address) ?? [];
  if (senders.length !== 1 || !/^[^@\s]+@[^@\s]+$/.test(senders[0]!.address!)) return logged({ kind: 'refused', reason: 'no-single-from' });
  const from = normalizeEmail(senders[0]!.address!);
  const auth = await checkSender(message.raw, message.envelope, from.slice(from.lastIndexOf('@') + 1), env.REPLY_DOMAIN, options.resolver);
  if (auth.verdict === 'temporary') return logged({ kind: 'temporary', reason: auth.reason });
  if (auth.verdict === 'fail') return logged({ kind: 'refused', reason: `not-authenticated:${auth.reason}` });
  await options.beforePosting?.();
  return postReply({ token: target.value.token, claims: target.value.claims, from, auth, mail, now });
}

type Reply = { token: string; claims: ReplyTokenClaims; from: string; auth: AuthVerdict; mail: ParsedMail; now: Date };

async function postReply(r: Reply): Promise<InboundOutcome> {
  const comment = await repo.findCommentById(r.claims.commentId);
  const recipient = await recipientOf(r.claims);
  const fromRecipient = recipient !== null && emailKey(recipient.email) === emailKey(r.from);
  // Explained only to someone we know is real: the address our email went to, or a From its domain vouched for.
  const refuse = (reason: string) => explain(r, reason, fromRecipient || r.auth.verdict === 'pass', comment);
  if (!comment || !recipient) return refuse('unknown-comment');
  if (r.claims.expired) return refuse('expired');
  if (!fromRecipient) return refuse('wrong-sender');
  if (await inbound.isReplyTokenUsed(r.token)) return refuse('replayed');
  const body = replyText({ text: r.mail.text, html: r.mail.html });
  if (!body) return refuse('empty');
  if (!(await inbound.claimReplyToken(r.token, comment.id, r.now))) return refuse('replayed');
  const posted = await createEmailReply(
    { slug: comment.issueSlug, parentId: comment.id, body, name: recipient.isAuthor ? null : await readerName(comment, recipient.email), email: r.from },
    { now: r.now, isAuthor: recipient.isAuthor },
  );
  if (!posted.ok) {
    await inbound.releaseReplyToken(r.token);
    return refuse(posted.error satisfies CreateError);
  }
  await inbound.recordPostedReply(r.token, posted.value.id);
  // The same refresh as a post from the site: the issue's stored page and the home page's count.
  // The page, the home page (its latest comments) and the comment feeds, as a comment posted on the site refreshes them.
  if (posted.value.status === 'published') await refreshPages([`/${comment.issueSlug}`, '/', ...commentFeedPaths(comment.issueSlug)]);
  logEvent('info', 'inbound.posted', { commentId: posted.value.id, parentId: comment.id, status: posted.value.status, asAuthor: recipient.isAuthor, auth: r.auth.reason });
  return { kind: 'posted', commentId: posted.value.id, status: posted.value.status };
}

/** Whom the token's email went to: the author, or the reader's confirmed reply address. */
async function recipientOf(claims: ReplyTokenClaims): Promise<{ email: string; isAuthor: boolean } | null> {
  if (claims.recipient.kind === 'author') return { email: getEnv().AUTHOR_EMAIL, isAuthor: true };
  const row = await addresses.findReplyAddressById(claims.recipient.addressId);
  return row?.confirmedAt ? { email: row.email, isAuthor: false } : null;
}

/** The name the reader commented under: their comment that the answered one replies to. */
async function readerName(answered: repo.CommentRow, email: string): Promise<string | null> {
  const theirs = answered.parentId ? await repo.findCommentById(answered.parentId) : null;
  return theirs?.authorEmail && emailKey(theirs.authorEmail) === emailKey(email) ? theirs.authorName : null;
}

async function explain(r: Reply, reason: string, mayExplain: boolean, comment: repo.CommentRow | null): Promise<InboundOutcome> {
  const why = WHY[reason] ?? null;
  let explained = false;
  if (mayExplain && why && (await inbound.claimExplanation(emailKey(r.from), new Date(r.now.getTime() - DAY_MS), r.now))) {
    const site = getSiteInfo();
    const answerUrl = comment ? `${site.url}/${comment.issueSlug}/comments#comment-${comment.id}` : site.url;
    explained = (await sendMail(replyRefusedEmail({ site, to: r.from, why, answerUrl }))).ok;
  }
  return logged({ kind: 'refused', reason }, reason, { explained, commentId: r.claims.commentId });
}

function logged(outcome: InboundOutcome, reason = 'reason' in outcome ? outcome.reason : outcome.kind, extra: Record<string, unknown> = {}): InboundOutcome {
  logEvent(outcome.kind === 'ignored' ? 'info' : 'warn', outcome.kind === 'ignored' ? 'inbound.ignored' : 'inbound.refused', { kind: outcome.kind, reason, ...extra });
  return outcome;
}

/**
 * Masthead's own SMTP server for replies, when INBOUND_SMTP_PORT is set (started with the server,
 * instrumentation.ts). Resolves to null when it is off; a port it cannot listen on is logged and
 * leaves the site serving (replies can still come through `npm run mail:receive`).
 */
export async function startReplyServer(options: ReceiveOptions & { port?: number } = {}): Promise<{ port: number; close: () => Promise<void> } | null> {
  const env = getEnv();
  const port = options.port ?? env.INBOUND_SMTP_PORT;
  if (port === undefined) return null;
  try {
    const server = await startInboundSmtp({
      host: env.INBOUND_SMTP_HOST, port, maxBytes: env.INBOUND_MAX_BYTES, accepts: isReplyAddress,
      handle: (message) => receiveReply(message, options),
    });
    logEvent('info', 'inbound.listening', { host: env.INBOUND_SMTP_HOST, port: server.port, domain: env.REPLY_DOMAIN });
    return server;
  } catch (error) {
    logEvent('error', 'inbound.listen-failed', { host: env.INBOUND_SMTP_HOST, port, error });
    return null;
  }
}
