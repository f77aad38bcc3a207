import { getEnv, isLocalUrl } from './env';
import { logEvent } from './log';

/** The configuration check at startup: null when the server may start, else the one line to print. */
export function checkStartup(): string | null {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    return (error as Error).message;
  }
  if (env.NODE_ENV === 'production' && !isLocalUrl(env.SITE_URL) && !env.SMTP_URL) {
    logEvent('warn', 'startup.no-smtp', { message: `SMTP_URL is not set: emails are written to ${env.MAIL_DIR} instead of being sent` });
  }
  return null;
}
