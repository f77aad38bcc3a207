import { getSiteSettings } from './content/service';
import { getEnv } from './env';

/**
 * The site-wide facts every page and feed needs: what the author set in the content's site.yml,
 * else the environment's defaults (SITE_TITLE, SITE_DESCRIPTION, SITE_LANG, AUTHOR_NAME).
 */
export function getSiteInfo() {
  const env = getEnv();
  const site = getSiteSettings();
  return {
    url: env.SITE_URL,
    title: site?.title ?? env.SITE_TITLE,
    description: site?.description ?? env.SITE_DESCRIPTION,
    author: site?.author.name ?? env.AUTHOR_NAME,
    lang: site?.language ?? env.SITE_LANG,
    profile: site ? { bio: site.author.bio, avatar: site.author.avatar, links: site.author.links } : null,
    accent: site?.accent ?? null,
    footer: site?.footer ?? null,
    logo: site?.logo ?? null,
    navigation: site?.navigation ?? null,
  };
}
