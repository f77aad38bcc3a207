import type { Metadata } from 'next';
import { NotFoundView } from '@/components/site/not-found-view';
import { getIssues } from '@/lib/content/service';
import { getSiteInfo } from '@/lib/site';

export const metadata: Metadata = { title: 'Page not found', robots: { index: false } };

export default function NotFound() {
  return <NotFoundView site={getSiteInfo()} latest={getIssues().slice(0, 5)} />;
}
