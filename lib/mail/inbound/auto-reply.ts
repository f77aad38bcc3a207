/**
 * Whether a message was written by a machine: an out-of-office answer, a list, a bounce. Such a
 * message never becomes a comment and is never answered (RFC 3834: an automatic answer to an
 * automatic message is how mail loops start). Returns the reason, or null for a person's reply.
 */
export type MessageFacts = {
  /** A header's value (unfolded), by lower-case name; undefined when absent. */
  header: (name: string) => string | undefined;
  /** The top-level MIME type, lower-case, e.g. `multipart/report`. */
  contentType: string;
  /** The envelope sender (SMTP MAIL FROM or Return-Path); '' for the null sender of a bounce, null when unknown. */
  envelopeSender: string | null;
  /** The From address, as given. */
  from: string | null;
  subject: string;
};

// Out-of-office subjects as mail clients write them ("Automatic reply: …", "Out of Office: …"):
// the phrase first, then a colon, a bracket, a dash or nothing, so a person's "Re: Out of office
// culture…" is not one. Anchored, short alternatives and no nesting: no input makes it backtrack.
const AUTO_SUBJECT =
  /^(?:auto(?:matic)?[ -]?(?:reply|response|answer)|out of (?:the )?office|away from (?:the |my )?office|on vacation|vacation reply|abwesenheitsnotiz|automatische antwort|r[ée]ponse automatique|absence du bureau|respuesta autom[áa]tica|fuera de la oficina|risposta automatica|fuori sede|automatisch antwoord|niet aanwezig|delivery status notification|undeliver(?:ed|able)|mail delivery (?:failed|failure|system)|returned mail|failure notice)\s*(?:[:(\[\-–]|$)/i;
const BOUNCE_SENDERS = /^(?:mailer-daemon|postmaster|mail-daemon|noreply-dmarc-support|no-reply|noreply|bounces?)@/i;

export function autoReplyReason(m: MessageFacts): string | null {
  const auto = m.header('auto-submitted');
  if (auto !== undefined && auto.trim().toLowerCase().split(/[;\s]/)[0] !== 'no') return 'auto-submitted';
  if (m.header('x-autoreply') !== undefined || m.header('x-autorespond') !== undefined || m.header('x-autoresponder') !== undefined) return 'x-autoreply';
  const precedence = m.header('precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'auto_reply', 'junk', 'list'].includes(precedence)) return `precedence-${precedence}`;
  if (m.header('list-id') !== undefined || m.header('list-unsubscribe') !== undefined) return 'mailing-list';
  if (m.envelopeSender === '') return 'null-sender';
  if (m.contentType === 'multipart/report') return 'delivery-report';
  if (m.from && BOUNCE_SENDERS.test(m.from.trim())) return 'bounce-sender';
  if (AUTO_SUBJECT.test(m.subject.trim().slice(0, 200))) return 'auto-subject';
  return null;
}
