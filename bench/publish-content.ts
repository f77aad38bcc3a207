// A generated newsletter for `npm run bench:publish`: N issues of ~2,000 words of realistic
// Markdown (headings, lists, code blocks, quotes, links to earlier issues), tags from a small set,
// one or two small images each (an SVG and sometimes a PNG) under images/<slug>/. Seeded, so every
// run writes the same bytes. No I/O here: the caller writes the files it returns.
import { deflateSync, crc32 } from 'node:zlib';

export const WORDS = (
  'team system service queue deploy review budget hire manager engineer incident outage database cache latency ' +
  'roadmap quarter customer product schema migration release rollback pager runbook metric alert dashboard ' +
  'contract vendor estimate deadline scope risk debt refactor test pipeline build monolith module boundary ' +
  'interface owner decision meeting document proposal feedback promotion career mentor junior senior staff ' +
  'principal architect platform network storage replica shard index query transaction lock retry timeout ' +
  'capacity forecast cost invoice support ticket backlog priority trade-off constraint principle habit ' +
  'writing reading thinking planning shipping learning listening deciding waiting measuring explaining ' +
  'the a an of to in on for with by from at about after before during without between because although ' +
  'and but or so yet then when while where which that this those these it they we you I our their ' +
  'is was are were be been being has have had do does did can could should would will may might must ' +
  'quietly slowly clearly rarely often always never usually honestly carefully early late twice ' +
  'small large boring new old simple hard easy cheap expensive careful useful obvious hidden shared'
).split(' ');

export const TAGS = ['leadership', 'hiring', 'architecture', 'operations', 'writing', 'careers', 'databases', 'process'];

/** A small deterministic generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

function words(rng: Rng, n: number): string[] {
  return Array.from({ length: n }, () => pick(rng, WORDS));
}

function sentence(rng: Rng): string {
  const w = words(rng, between(rng, 8, 22));
  if (rng() < 0.15) w[between(rng, 1, w.length - 1)] = `*${w[between(rng, 1, w.length - 1)]}*`;
  const text = w.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + (rng() < 0.1 ? '?' : '.');
}

function paragraph(rng: Rng, link: string | null): string {
  const sentences = Array.from({ length: between(rng, 3, 6) }, () => sentence(rng));
  if (link) sentences.splice(1, 0, `I wrote about part of this in [${link}](/${link}) and still mostly agree with it.`);
  return sentences.join(' ');
}

const CODE = [
  '```ts\nexport async function retry<T>(work: () => Promise<T>, attempts = 3): Promise<T> {\n  for (let i = 1; ; i++) {\n    try {\n      return await work();\n    } catch (error) {\n      if (i >= attempts) throw error;\n      await new Promise((r) => setTimeout(r, 100 * 2 ** i));\n    }\n  }\n}\n```',
  '```sql\nSELECT team, COUNT(*) AS incidents, AVG(minutes_to_resolve) AS mttr\nFROM incidents\nWHERE opened_at > now() - interval \'90 days\'\nGROUP BY team\nORDER BY incidents DESC;\n```',
  '```bash\ngit log --since="1 quarter ago" --format="%an" | sort | uniq -c | sort -rn | head\n```',
  '```yaml\nalerts:\n  - name: queue-depth\n    threshold: 5000\n    for: 10m\n    page: true\n```',
];

/** A small SVG chart, a few hundred bytes. */
export function svgImage(rng: Rng, label: string): string {
  const bars = Array.from({ length: 6 }, (_, i) => `<rect x="${20 + i * 45}" y="${150 - between(rng, 20, 130)}" width="30" height="${between(rng, 20, 130)}" fill="#3b6ea5"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180"><title>${label}</title><rect width="320" height="180" fill="#f5f3ee"/>${bars.join('')}</svg>\n`;
}

/** A small valid PNG (RGB, a gradient), made with zlib: no image library needed. */
export function pngImage(rng: Rng, width = 64, height = 40): Buffer {
  const tint = between(rng, 0, 255);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) rows.set([(x * 4) & 255, (y * 6) & 255, tint], row + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

export type GeneratedIssue = { slug: string; files: Record<string, string | Buffer> };

/** The slug of issue number `n` (1-based). */
export function slugOf(n: number): string {
  return `note-${String(n).padStart(4, '0')}`;
}

/** The publication day of issue `n`: one a week from January 2016, so 500 end in 2025 (all in the past). */
export function dayOf(n: number): string {
  return new Date(Date.UTC(2016, 0, 4) + (n - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}

/** Issue number `n` with its images; it links to earlier issues only, so any prefix of the list is valid content. */
export function generateIssue(n: number, opts: { extraBody?: string } = {}): GeneratedIssue {
  const rng = seeded(n * 7919);
  const slug = slugOf(n);
  const title = sentence(rng).replace(/[.?*]/g, '').split(' ').slice(0, between(rng, 3, 7)).join(' ');
  const tags = [...new Set([pick(rng, TAGS), pick(rng, TAGS)])];
  const files: Record<string, string | Buffer> = {};
  const chart = `/images/${slug}/chart.svg`;
  files[`images/${slug}/chart.svg`] = svgImage(rng, `${title}: a chart`);
  const withPng = rng() < 0.5;
  if (withPng) files[`images/${slug}/photo.png`] = pngImage(rng);
  const parts: string[] = [paragraph(rng, null), paragraph(rng, null)];
  let count = 0;
  for (let section = 0; count < 2000; section++) {
    parts.push(`## ${sentence(rng).replace(/[.?*]/g, '').split(' ').slice(0, 5).join(' ')}`);
    const link = n > 1 && rng() < 0.5 ? slugOf(between(rng, 1, n - 1)) : null;
    parts.push(paragraph(rng, link), paragraph(rng, null));
    if (section % 2 === 0) parts.push(`### ${words(rng, 3).join(' ')}`, Array.from({ length: between(rng, 3, 5) }, () => `- ${sentence(rng)}`).join('\n'));
    if (section % 3 === 1) parts.push(pick(rng, CODE));
    if (section === 1) parts.push(`![A bar chart for ${title}](${chart})`);
    if (section === 2 && withPng) parts.push(`![A gradient photograph for ${title}](/images/${slug}/photo.png)`);
    if (section % 4 === 3) parts.push(`> ${sentence(rng)} ${sentence(rng)}`);
    parts.push(paragraph(rng, null));
    count = parts.join(' ').split(/\s+/).length;
  }
  if (opts.extraBody) parts.push(opts.extraBody);
  const summary = sentence(rng).slice(0, 200);
  files[`${slug}.md`] = [
    '---',
    `title: ${JSON.stringify(title.charAt(0).toUpperCase() + title.slice(1))}`,
    `date: ${dayOf(n)}`,
    `summary: ${JSON.stringify(summary)}`,
    `tags: [${tags.join(', ')}]`,
    `cover: ${chart}`,
    '---',
    '',
    parts.join('\n\n'),
    '',
  ].join('\n');
  return { slug, files };
}

/** The files of a whole newsletter of `count` issues, with its intro page and welcome email. */
export function generateNewsletter(count: number): Record<string, string | Buffer> {
  const files: Record<string, string | Buffer> = {
    'pages/intro.md': 'A generated newsletter for the publishing benchmark: many long issues about running software teams.\n',
    'emails/welcome.md': '---\nsubject: "Welcome to {{site}}"\n---\nThanks for confirming. The archive is at {{url}}/archive.\n',
  };
  for (let n = 1; n <= count; n++) Object.assign(files, generateIssue(n).files);
  return files;
}
