import 'server-only';
import { authenticate, type DNSResolver } from 'mailauth';
import { logEvent } from '../../log';
import { decideAuth, type AuthResults, type AuthVerdict } from './auth-verdict';

/** How the message reached us: the SMTP client's address and greeting, and the envelope sender. */
export type Envelope = { ip?: string | undefined; helo?: string | undefined; sender?: string | null | undefined };

/**
 * Checks DKIM, SPF (when the client's address is known) and DMARC with mailauth and says whether
 * the From domain vouches for the message (auth-verdict.ts). `resolver` replaces DNS (tests run
 * offline with records of their own); by default the system's resolver is asked.
 */
export async function checkSender(raw: Buffer, envelope: Envelope, fromDomain: string, mta: string, resolver?: DNSResolver): Promise<AuthVerdict> {
  try {
    const results = await authenticate(raw, {
      ...(envelope.ip ? { ip: envelope.ip } : {}),
      ...(envelope.helo ? { helo: envelope.helo } : {}),
      ...(envelope.sender ? { sender: envelope.sender } : {}),
      mta,
      disableArc: true,
      disableBimi: true,
      ...(resolver ? { resolver } : {}),
    });
    return decideAuth(results as unknown as AuthResults, fromDomain);
  } catch (error) {
    // DNS trouble comes back as temperror results, not as a throw: a throw is a message mailauth
    // cannot read. Refused, not deferred, so that the sender's server does not retry it for days.
    logEvent('warn', 'inbound.auth-error', { error });
    return { verdict: 'fail', reason: 'auth-error' };
  }
}
