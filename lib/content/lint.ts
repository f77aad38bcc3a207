import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { ContentProblem } from './problems';
import { formatGoLive } from './schedule';

export type LintContext = {
  file: string;
  /** Slugs of every issue that exists (drafts included). */
  slugs: ReadonlySet<string>;
  /** Slugs of drafts: a published issue must not link to one. */
  draftSlugs: ReadonlySet<string>;
  /** Issues that are not drafts and not live yet: slug → the instant each goes live (ISO, UTC). */
  scheduled: ReadonlyMap<string, string>;
  /** When this issue goes live (ISO, UTC); null when its frontmatter is broken. */
  liveAt: string | null;
  isDraft: boolean;
  imageExists: (src: string) => boolean;
};

/** Site paths that are not issues but may be linked to from one. */
const SITE_PATHS = /^\/(?:$|archive\/?$|tags\/[a-z0-9-]+\/?$|feed\.xml$|atom\.xml$|sitemap\.xml$|images\/)/;

/** An image or link of a body, with its line: all the checker needs of the parsed Markdown. */
export type BodyReference =
  | { kind: 'image'; url: string; alt: string | null; line: number | null }
  | { kind: 'link'; url: string; line: number | null };

/** The images and links of a parsed body, in document order. */
export function collectReferences(tree: Root): BodyReference[] {
  const references: BodyReference[] = [];
  visit(tree, (node) => {
    const line = node.position?.start.line ?? null;
    if (node.type === 'image') references.push({ kind: 'image', url: node.url, alt: node.alt ?? null, line });
    else if (node.type === 'link') references.push({ kind: 'link', url: node.url, line });
  });
  return references;
}

/** Checks a Markdown body's references: image alt text and files, and internal links to issues that exist. */
export function lintBody(references: readonly BodyReference[], ctx: LintContext): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const at = (node: { line: number | null }) => `body line ${node.line ?? '?'}`;
  for (const node of references) {
    if (node.kind === 'image') {
      if (!node.alt || node.alt.trim() === '') {
        problems.push({
          severity: 'error', file: ctx.file, field: at(node),
          message: `image ${node.url} has no alt text`,
          fix: 'describe the image for readers who cannot see it: ![What the image shows](' + node.url + ')',
        });
      }
      if (isLocal(node.url) && !ctx.imageExists(pathOf(node.url))) {
        problems.push({
          severity: 'error', file: ctx.file, field: at(node),
          message: `image ${node.url} does not exist`,
          fix: `add the file public${pathOf(node.url)} or correct the path`,
        });
      }
    }
    if (node.kind === 'link' && isLocal(node.url)) {
      const path = pathOf(node.url);
      if (SITE_PATHS.test(path)) continue;
      const slug = path.replace(/^\/|\/$/g, '');
      if (!ctx.slugs.has(slug)) {
        problems.push({
          severity: 'error', file: ctx.file, field: at(node),
          message: `link to ${node.url} points at no issue`,
          fix: `link to an existing issue as /<slug> (its file name without .md), e.g. /${[...ctx.slugs][0] ?? 'my-issue'}`,
        });
      } else if (!ctx.isDraft && ctx.draftSlugs.has(slug)) {
        problems.push({
          severity: 'error', file: ctx.file, field: at(node),
          message: `link to ${node.url} points at a draft, which readers cannot open`,
          fix: 'publish that issue first (remove `draft: true`) or remove the link',
        });
      } else if (!ctx.isDraft && isLiveBefore(ctx.liveAt, ctx.scheduled.get(slug))) {
        // A warning, not an error: the link heals by itself when that issue goes live.
        problems.push({
          severity: 'warning', file: ctx.file, field: at(node),
          message: `link to ${node.url} points at an issue scheduled for ${formatGoLive(ctx.scheduled.get(slug)!)}: readers get a 404 until then`,
          fix: 'give this issue a `publishAt` at or after that moment, or add the link once that issue is live',
        });
      }
    }
  }
  return problems;
}

/** True when the linking issue (null: unknown) goes live before the scheduled target. */
function isLiveBefore(source: string | null, target: string | undefined): boolean {
  return target !== undefined && (source === null || source < target);
}

function isLocal(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//');
}

function pathOf(url: string): string {
  return decodeURI(url.split(/[?#]/)[0]!);
}
