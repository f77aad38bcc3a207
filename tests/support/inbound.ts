/**
 * Reply by email in tests: DNS records of our own (mailauth's `resolver`, so nothing leaves the
 * machine), DKIM keys made in the test, Masthead's reply server on a free port, and a nodemailer
 * client that sends into it as a reader's mail server would.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll } from 'vitest';
import { startReplyServer } from '@/lib/comments/reply-by-email';
import { processSlot } from '@/lib/process-slots.mjs';
import { useMailSinkWithDefaults } from './smtp';

export type DnsRecords = Map<string, string[][]>;

/** A resolver over `records` (`TXT:_dmarc.example.org` → [[…]]); anything else does not exist. */
export function fakeResolver(records: DnsRecords) {
  return async (domain: string, rrtype: string) => {
    const found = records.get(`${rrtype}:${domain.toLowerCase()}`);
    if (found) return found;
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${domain}`), { code: 'ENOTFOUND' });
  };
}

/** A DKIM key for `domain` (selector `s1`), published in `records` unless `publish` is false. */
export function dkimKey(records: DnsRecords, domain: string, publish = true) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  if (publish) records.set(`TXT:s1._domainkey.${domain}`, [[`v=DKIM1; k=rsa; p=${p}`]]);
  return { domainName: domain, keySelector: 's1', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** The Reply-To address of a notification (as the reader's mail program would answer it). */
export function replyToOf(mail: ParsedMail | undefined): string {
  const address = mail?.replyTo?.value[0]?.address;
  if (!address) throw new Error(`no Reply-To in: ${mail?.subject ?? '(no message)'}`);
  return address;
}

/**
 * For a test file: Masthead's reply server on a free port with `records` as its DNS, and a fake
 * instance address that records every page refresh a posted reply asks for.
 */
export function useReplyServer(records: DnsRecords) {
  let server: Awaited<ReturnType<typeof startReplyServer>>;
  let http: Server;
  const refreshed: string[][] = [];
  beforeAll(async () => {
    server = await startReplyServer({ port: 0, resolver: fakeResolver(records) });
    http = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        refreshed.push((JSON.parse(body) as { paths: string[] }).paths);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    processSlot<string>('serverUrl').set(`http://127.0.0.1:${(http.address() as { port: number }).port}`);
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => http.close(resolve));
  });
  const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port: server!.port, ignoreTLS: true, name: 'mx.example.org' });
  return {
    refreshed,
    port: () => server!.port,
    /** Sends a message into the reply server; resolves with the SMTP answer or rejects with its error. */
    send: (message: SendMailOptions) => transport().sendMail(message),
  };
}

/**
 * The world of the reply-by-email suites: the author (robin@example.com) and Ada (example.org)
 * at domains that sign their mail and publish DMARC `p=reject`; every other domain publishes
 * nothing. Mail from the app goes to a real sink; replies go into Masthead's reply server.
 */
export function useSigningDomains() {
  const records: DnsRecords = new Map([
    ['TXT:_dmarc.example.com', [['v=DMARC1; p=reject']]],
    ['TXT:_dmarc.example.org', [['v=DMARC1; p=reject']]],
  ]);
  const robinKey = dkimKey(records, 'example.com');
  const adaKey = dkimKey(records, 'example.org');
  return { records, robinKey, adaKey, sink: useMailSinkWithDefaults(), inbound: useReplyServer(records) };
}
