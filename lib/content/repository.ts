import 'server-only';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { imageSize } from 'image-size';
import type { SourceFile } from './load';
import type { ImageSize } from './markdown/images';

/** Where the author's Markdown and the site's static files live on disk. */
export type ContentPaths = { contentDir: string; publicDir: string };

export function defaultPaths(contentDir = 'content'): ContentPaths {
  // Content is read while prerendering, so the server bundle need not trace these folders.
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

/** Reads a page of the site's own text, e.g. content/pages/intro.md; empty when absent. */
export function readPageFile(paths: ContentPaths, name: string): string {
  const file = path.join(paths.contentDir, 'pages', `${name}.md`);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function publicFile(paths: ContentPaths, src: string): string | null {
  const resolved = path.resolve(paths.publicDir, `.${src}`);
  // Never read outside public/, whatever the Markdown says.
  return resolved.startsWith(paths.publicDir + path.sep) ? resolved : null;
}

export function imageExists(paths: ContentPaths, src: string): boolean {
  const file = publicFile(paths, src);
  return file !== null && existsSync(file) && statSync(file).isFile();
}

/** Intrinsic size of an image under public/, or null when it cannot be read. */
export function measureImage(paths: ContentPaths, src: string): ImageSize | null {
  const file = publicFile(paths, src);
  if (!file || !existsSync(file)) return null;
  try {
    const size = imageSize(readFileSync(file));
    return size.width && size.height ? { width: size.width, height: size.height } : null;
  } catch {
    return null;
  }
}
