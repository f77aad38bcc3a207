import { getEnv } from './env';

/** The site-wide facts every page and feed needs, from the environment. */
export function getSiteInfo() {
  const env = getEnv();
  return {
    url: env.SITE_URL,
    title: env.SITE_TITLE,
    description: env.SITE_DESCRIPTION,
    author: env.AUTHOR_NAME,
    lang: env.SITE_LANG,
  };
}
