/**
 * Which address the links in a sent issue point at (issue 10, point 17). The pages were
 * prerendered with the build's SITE_URL, which `npm start` records in .next/masthead-settings.json
 * (its SITE_URL, or the PORT it served on when SITE_URL was unset): a send from a shell must use
 * that, not whatever this shell's environment says. And mail to real subscribers must not link to
 * a loopback address, which no reader can open, unless the sender says so.
 */
import { isLocalUrl, trimTrailingSlashes } from '../env';
import { err, ok, type Result } from '../result';

export type SendMode = 'send' | 'test' | 'dry-run';

/** The address the built site is served at, from the recorded build settings; null when they say nothing usable. */
export function builtSiteUrl(settingsJson: string): string | null {
  let settings: unknown;
  try {
    settings = JSON.parse(settingsJson);
  } catch {
    return null;
  }
  if (typeof settings !== 'object' || settings === null) return null;
  const { SITE_URL, PORT } = settings as { SITE_URL?: unknown; PORT?: unknown };
  if (typeof SITE_URL === 'string' && /^https?:\/\/\S+$/.test(SITE_URL)) return trimTrailingSlashes(SITE_URL);
  if (typeof PORT === 'string' && /^\d{1,5}$/.test(PORT)) return `http://localhost:${PORT}`;
  return null;
}

/** The one line that explains a refusal to mail readers loopback links, or null when the address is fine. */
export function localLinksRefusal(siteUrl: string, override: string): string | null {
  if (!isLocalUrl(siteUrl)) return null;
  return `Not sent: the links would point at ${siteUrl}, a loopback address no reader can open. Set SITE_URL to the public address and rebuild (npm start does), or ${override}.`;
}

/**
 * The site address for a send from the command line: the built site's, else this environment's
 * SITE_URL, else the local default. Refused (one line) when the environment names another address
 * than the build (links would not match the pages), or when real readers would get loopback links.
 */
export function chooseSendSiteUrl(p: { built: string | null; envSiteUrl: string | undefined; fallback: string; mode: SendMode; allowLocalLinks: boolean }): Result<string, string> {
  const env = trimTrailingSlashes(p.envSiteUrl?.trim() ?? '') || undefined;
  if (p.built && env && env !== p.built) {
    return err(`Not sent: SITE_URL here is ${env} but the site was built with ${p.built}, so links would not match the pages. Use the same SITE_URL, or rebuild with this one.`);
  }
  const url = p.built ?? env ?? p.fallback;
  // A dry run mails nobody, and a preview goes to the sender, who can see where the links point.
  const refusal = p.mode === 'send' && !p.allowLocalLinks ? localLinksRefusal(url, 'pass --allow-local-links to send anyway') : null;
  return refusal ? err(refusal) : ok(url);
}
