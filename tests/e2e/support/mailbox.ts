import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';

const DIR = path.resolve('var/e2e-mail');

/** The newest email to `address` that the e2e server wrote (it has no SMTP_URL: .eml files). */
export async function latestMailTo(address: string, subject?: RegExp): Promise<ParsedMail | null> {
  let files: string[] = [];
  try {
    files = readdirSync(DIR).filter((f) => f.endsWith('.eml')).sort().reverse();
  } catch {
    return null;
  }
  for (const f of files) {
    const mail = await simpleParser(readFileSync(path.join(DIR, f)));
    const to = Array.isArray(mail.to) ? mail.to.map((t) => t.text).join(',') : mail.to?.text ?? '';
    if (to.includes(address) && (!subject || subject.test(mail.subject ?? ''))) return mail;
  }
  return null;
}
