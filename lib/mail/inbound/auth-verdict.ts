/**
 * What DKIM, SPF and DMARC say about a message's From domain, from mailauth's results:
 * - `pass`: an aligned DKIM signature or SPF pass (DMARC pass where the domain publishes DMARC);
 * - `fail`: the domain publishes something and the message does not align with it (a DMARC fail,
 *   or without DMARC a From-domain signature that does not verify, or an SPF fail for it);
 * - `none`: the domain publishes nothing that speaks to this message (the token and the From
 *   address are then all there is);
 * - `temporary`: a DNS lookup failed; the sender's server should try again later.
 */
export type AuthVerdict = { verdict: 'pass' | 'fail' | 'none' | 'temporary'; reason: string };

type Status = { result?: string; aligned?: unknown } | undefined;
export type AuthResults = {
  dkim?: { results?: Array<{ signingDomain?: string; status?: Status }> };
  spf?: { domain?: string; status?: Status } | false;
  dmarc?: { status?: Status } | false;
};

const TEMPORARY = new Set(['temperror', 'temperr']);

/** Whether SPF's domain is the From domain or one side is a subdomain of the other (relaxed alignment). */
function spfAligned(spfDomain: string | undefined, fromDomain: string): boolean {
  if (!spfDomain) return false;
  const a = spfDomain.toLowerCase();
  const b = fromDomain.toLowerCase();
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

export function decideAuth(results: AuthResults, fromDomain: string): AuthVerdict {
  const dmarc = results.dmarc ? results.dmarc.status?.result : undefined;
  if (dmarc && TEMPORARY.has(dmarc)) return { verdict: 'temporary', reason: 'dmarc-temperror' };
  if (dmarc === 'pass') return { verdict: 'pass', reason: 'dmarc-pass' };
  if (dmarc === 'fail') return { verdict: 'fail', reason: 'dmarc-fail' };

  const signatures = results.dkim?.results ?? [];
  const aligned = signatures.filter((s) => s.status?.aligned);
  if (aligned.some((s) => s.status?.result === 'pass')) return { verdict: 'pass', reason: 'dkim-aligned' };
  if (aligned.some((s) => TEMPORARY.has(s.status?.result ?? ''))) return { verdict: 'temporary', reason: 'dkim-temperror' };
  if (aligned.length > 0) return { verdict: 'fail', reason: 'dkim-fail' };

  const spf = results.spf || undefined;
  if (spf && spfAligned(spf.domain, fromDomain)) {
    const result = spf.status?.result;
    if (result === 'pass') return { verdict: 'pass', reason: 'spf-aligned' };
    if (result && TEMPORARY.has(result)) return { verdict: 'temporary', reason: 'spf-temperror' };
    if (result === 'fail') return { verdict: 'fail', reason: 'spf-fail' };
  }
  return { verdict: 'none', reason: 'nothing-published' };
}
