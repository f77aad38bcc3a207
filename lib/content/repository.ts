import 'server-only';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { imageSize } from 'image-size';
import type { SourceFile } from './load';
import type { ImageSize } from './markdown/images';
import type { VariantSource } from './markdown/responsive';

/** Where the author's Markdown and the site's static files live on disk. */
export type ContentPaths = { contentDir: string; publicDir: string };

export function defaultPaths(contentDir = 'content'): ContentPaths {
  // Content is read at run time from the live snapshot, so the server bundle need not trace these folders.
  return {
    contentDir: path.resolve(/*turbopackIgnore: true*/ process.cwd(), contentDir),
    publicDir: path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'public'),
  };
}

/** Reads every issue file: the top-level `*.md` files of the content folder. */
export function readIssueFiles(paths: ContentPaths): SourceFile[] {
  if (!existsSync(paths.contentDir)) return [];
  return readdirSync(paths.contentDir, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.toLowerCase().endsWith('.md'))
    .map((d) => d.name)
    .sort()
    .map((name) => ({
      name,
      file: path.relative(process.cwd(), path.join(paths.contentDir, name)),
      text: readFileSync(path.join(paths.contentDir, name), 'utf8'),
    }));
}

/** The content's site.yml (the author's settings for the publication), or null when there is none. */
export function readSiteFile(paths: ContentPaths): { file: string; text: string } | null {
  const file = path.join(paths.contentDir, 'site.yml');
  return existsSync(file) ? { file: path.relative(process.cwd(), file), text: readFileSync(file, 'utf8') } : null;
}

/** Reads a page of the site's own text, e.g. content/pages/intro.md; empty when absent. */
export function readPageFile(paths: ContentPaths, name: string): string {
  const file = path.join(paths.contentDir, 'pages', `${name}.md`);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function inside(dir: string, src: string): string | null {
  const resolved = path.resolve(/*turbopackIgnore: true*/ dir, `.${src}`);
  // Never read outside the folder, whatever the Markdown says.
  return resolved.startsWith(dir + path.sep) && existsSync(/*turbopackIgnore: true*/ resolved) && statSync(/*turbopackIgnore: true*/ resolved).isFile() ? resolved : null;
}

/**
 * The file behind an image address: `/images/…` from the content's own images/ folder (where a
 * content repository keeps them), else from the site's public/ folder.
 */
export function imageFile(paths: ContentPaths, src: string): string | null {
  const own = src.startsWith('/images/') ? inside(paths.contentDir, src) : null;
  return own ?? inside(paths.publicDir, src);
}

export function imageExists(paths: ContentPaths, src: string): boolean {
  return imageFile(paths, src) !== null;
}

/** Intrinsic size of an image, or null when it cannot be read. */
export function measureImage(paths: ContentPaths, src: string): ImageSize | null {
  const file = imageFile(paths, src);
  if (!file) return null;
  try {
    const size = imageSize(readFileSync(file));
    return size.width && size.height ? { width: size.width, height: size.height } : null;
  } catch {
    return null;
  }
}

// Hashes of image files by path, size and modification time: a published version's files never
// change, and the working folder's are hashed again when they do.
const digests = new Map<string, { stamp: string; digest: string }>();
const DIGESTS_MAX = 2_000;

/** An image file's content hash (hex sha256). */
export function fileDigest(file: string): string {
  const stat = statSync(file);
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const known = digests.get(file);
  if (known?.stamp === stamp) return known.digest;
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (digests.size >= DIGESTS_MAX) digests.delete(digests.keys().next().value!);
  digests.set(file, { stamp, digest });
  return digest;
}

/** Size and content hash of a local image, for its variants; null when it cannot be read. */
export function describeImage(paths: ContentPaths, src: string): VariantSource | null {
  const file = imageFile(paths, src);
  const size = file ? measureImage(paths, src) : null;
  return file && size ? { ...size, digest: fileDigest(file) } : null;
}
