import type { Metadata } from 'next';
import { connection } from 'next/server';
import { NotFoundView } from '@/components/site/not-found-view';
import { getIssues } from '@/lib/content/service';
import { getSiteInfo } from '@/lib/site';

export const metadata: Metadata = { title: 'Page not found', robots: { index: false } };

// Rendered per request, so that Next can put this request's CSP nonce on its inline scripts.
export default async function NotFound() {
  await connection();
  return <NotFoundView site={getSiteInfo()} latest={getIssues().slice(0, 5)} />;
}
