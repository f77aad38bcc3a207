// A production server on the figures fixture (tests/fixtures/figures: an issue with two PNG
// figures), with a content store of its own, for the responsive image suites.
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type Server } from '../../bench/server';
import { buildIfNeeded } from '../scale/global-setup';

export const FIGURES_SLUG = 'a-picture-essay';
export const FIGURES = ['deploys-chart.png', 'server-room.png'].map((name) => `/images/${FIGURES_SLUG}/${name}`);

export async function startFiguresServer(name: string): Promise<{ server: Server; store: string; content: string }> {
  buildIfNeeded();
  const root = mkdtempSync(path.join(os.tmpdir(), 'masthead-figures-'));
  const content = path.join(root, 'content');
  cpSync(path.resolve('tests/fixtures/figures'), content, { recursive: true });
  const store = path.join(root, 'store');
  const server = await startServer(`figures-${name}`, { CONTENT_DIR: content, CONTENT_CLONE_DIR: store });
  return { server, store, content };
}

/** Every `<source>` of the page: its type and the addresses and widths of its srcset. */
export function pictureSources(html: string): Array<{ type: string; candidates: Array<{ url: string; width: number }> }> {
  return [...html.matchAll(/<source type="([^"]+)" srcset="([^"]+)"/g)].map((m) => ({
    type: m[1]!,
    candidates: m[2]!.split(', ').map((c) => {
      const [url, w] = c.split(' ');
      return { url: url!.replaceAll('&#x26;', '&'), width: Number.parseInt(w!, 10) };
    }),
  }));
}
