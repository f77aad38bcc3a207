import 'server-only';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { defaultPaths, describeImage } from './repository';
import { isRaster, variantWidths, VARIANT_FORMATS, type VariantFormat } from './markdown/responsive';

/**
 * AVIF and WebP variants of the content's raster images, made with sharp (the image library Next
 * itself uses) and kept on disk by content hash under CONTENT_CLONE_DIR/images, so each is made
 * once per machine, whichever version or process asks. Made ahead of readers when a version goes
 * live (`warmVariants`), or on the first request for one the warm-up has not reached yet.
 */

// Measured on a 1200 px chart from a spreadsheet (PNG 65 KB): AVIF quality 50 at effort 2 is 9.2 KB
// in 1.3 s, at effort 4 (sharp's default) 7.7 KB in 7.4 s on these shared machines; WebP 14.6 KB in
// 0.3 s. Effort 2 keeps a publish's warm-up short for 16% more bytes.
const ENCODE = { avif: { quality: 50, effort: 2 }, webp: { quality: 78, effort: 4 } } as const;

function variantsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), getEnv().CONTENT_CLONE_DIR, 'images');
}

const fileOf = (digest: string, width: number, format: VariantFormat) => path.join(variantsDir(), `${digest.slice(0, 32)}-${width}.${format}`);

// One conversion at a time: the server has two cores and readers to answer; the rest wait their turn.
let queue: Promise<unknown> = Promise.resolve();
const making = new Map<string, Promise<Buffer>>();

type Sharp = (typeof import('sharp'))['default'];
let sharpModule: Promise<Sharp> | null = null;
// Loaded on first use: a server whose content has no raster image never loads libvips.
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

/** The bytes of a variant of `file` (whose hash is `digest`), made now if no earlier request made it. */
export function imageVariant(file: string, digest: string, width: number, format: VariantFormat): Promise<Buffer> {
  const target = fileOf(digest, width, format);
  const pending = making.get(target);
  if (pending) return pending;
  const work = (async () => {
    try {
      return await readFile(target);
    } catch {
      // Not made yet.
    }
    const run = queue.then(() => encode(file, target, width, format));
    queue = run.catch(() => undefined);
    return run;
  })().finally(() => making.delete(target));
  making.set(target, work);
  return work;
}

async function encode(file: string, target: string, width: number, format: VariantFormat): Promise<Buffer> {
  const sharp = await loadSharp();
  const image = sharp(file, { limitInputPixels: 50_000_000 }).rotate().resize({ width, withoutEnlargement: true });
  const bytes = await (format === 'avif' ? image.avif(ENCODE.avif) : image.webp(ENCODE.webp)).toBuffer();
  await mkdir(path.dirname(target), { recursive: true });
  // Whole or not at all: another process may read the same file.
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, target).catch(async (error) => {
    await rm(tmp, { force: true });
    throw error;
  });
  return bytes;
}

function* rasterImages(dir: string, base = '/images'): Generator<string> {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* rasterImages(full, `${base}/${name}`);
    else if (isRaster(name)) yield `${base}/${name}`;
  }
}

let warmed: string | null = null;

/**
 * Makes every variant of a version's raster images that is not on disk yet, one at a time, in the
 * background of a publish (lib/publish/sync.ts). Does nothing for a version already warmed.
 */
export async function warmVariants(contentDir: string): Promise<number> {
  if (warmed === contentDir) return 0;
  warmed = contentDir;
  const paths = defaultPaths(contentDir);
  let made = 0;
  for (const src of rasterImages(path.join(paths.contentDir, 'images'))) {
    const source = describeImage(paths, src);
    const file = source ? path.join(paths.contentDir, src) : null;
    if (!source || !file) continue;
    for (const width of variantWidths(source.width)) {
      for (const format of VARIANT_FORMATS) {
        if (existsSync(fileOf(source.digest, width, format))) continue;
        try {
          await imageVariant(file, source.digest, width, format);
          made++;
        } catch (error) {
          // A file sharp cannot read: its page offers it anyway, and its request answers 404.
          logEvent('warn', 'images.variant-failed', { src, width, format, error });
        }
      }
    }
  }
  return made;
}
