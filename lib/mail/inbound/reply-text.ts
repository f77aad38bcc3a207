import EmailReplyParser from 'email-reply-parser';
import { convert } from 'html-to-text';

/**
 * The words a person wrote in a reply: the plain-text part (or, for an HTML-only message, its text:
 * markup is never kept, so a script in it is just letters on the page), without the quoted email,
 * the signature and the "On … wrote:" line (email-reply-parser). Attachments are never looked at.
 */
export function replyText(parts: { text?: string | undefined; html?: string | false | undefined }): string {
  const source = parts.text?.trim() ? parts.text : parts.html ? htmlText(parts.html) : '';
  // Input is capped before the parser sees it: its regexes run on a reply's length, not a mailbox's.
  const clean = cleanText(source).slice(0, MAX_SOURCE_CHARS);
  const reply = new EmailReplyParser().parseReply(clean);
  return reply.replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * Above a comment's 10,000 characters, so an over-long reply is still refused as too long, and low
 * enough for the parser: its "On … wrote:" patterns are quadratic in a line's length (a 63 KB line
 * took 7 s; 16 KB of the worst input takes well under a second). The quote, below, is what is cut.
 */
const MAX_SOURCE_CHARS = 16 * 1024;
/** HTML is cut before conversion too: markup is several times its text. */
const MAX_HTML_CHARS = 32 * 1024;

// NUL and the other C0 controls but tab and newline, and DEL: never part of a comment.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROLS, '');
}

/** The text of an HTML part; '' for markup html-to-text cannot walk (thousands of nested tags overflow its stack). */
function htmlText(html: string): string {
  try {
    return convertHtml(html);
  } catch {
    return '';
  }
}

function convertHtml(html: string): string {
  return convert(html.slice(0, MAX_HTML_CHARS), {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      // A link keeps its text, not its target: a pasted URL is its own text, and a `javascript:` or
      // tracking target never becomes part of a comment.
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
    ],
  });
}
