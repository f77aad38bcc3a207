/**
 * What became of a received reply, and how each way of receiving says it: an SMTP answer for
 * Masthead's own server, an exit code (sysexits.h, as Postfix's `pipe` reads them) for
 * `npm run mail:receive`. A reply refused by the comment rules is still accepted by the mail
 * layer: it is logged, and its sender may get our own short explanation (bouncing it too would
 * tell them twice). Only what is not a reply address, or cannot be read, is bounced.
 */
export type InboundOutcome =
  | { kind: 'posted'; commentId: string; status: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'not-ours'; reason: string }
  | { kind: 'too-large' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'temporary'; reason: string };

export const EXIT = { OK: 0, USAGE: 64, DATAERR: 65, NOUSER: 67, TEMPFAIL: 75 } as const;

export function exitCodeFor(outcome: InboundOutcome): number {
  switch (outcome.kind) {
    case 'posted':
    case 'ignored':
    case 'refused':
      return EXIT.OK;
    case 'not-ours':
      return EXIT.NOUSER;
    case 'too-large':
    case 'unreadable':
      return EXIT.DATAERR;
    case 'temporary':
      return EXIT.TEMPFAIL;
  }
}

export type SmtpAnswer = { code: number; message: string };

export function smtpAnswerFor(outcome: InboundOutcome): SmtpAnswer {
  switch (outcome.kind) {
    case 'posted':
    case 'ignored':
    case 'refused':
      return { code: 250, message: 'OK: message accepted' };
    case 'not-ours':
      return { code: 550, message: '5.1.1 No such reply address' };
    case 'too-large':
      return { code: 552, message: '5.3.4 Message too big for a reply' };
    case 'unreadable':
      return { code: 554, message: '5.6.0 Message could not be read' };
    case 'temporary':
      return { code: 451, message: '4.7.0 Temporary failure, try again later' };
  }
}
