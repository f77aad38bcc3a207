import { notFound } from 'next/navigation';
import { renderTagPage } from '@/components/site/list-pages';
import { getIssuesByTag, getTags } from '@/lib/content/service';
import { htmlResponse } from '@/lib/http';
import { getSiteInfo } from '@/lib/site';

export const dynamic = 'force-static';
// Tags that appear after the build are rendered on first request, then stored.
export const dynamicParams = true;

export function generateStaticParams() {
  return getTags().map(({ tag }) => ({ tag }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ tag: string }> }) {
  const { tag } = await params;
  const issues = getIssuesByTag(tag);
  if (issues.length === 0) notFound();
  return htmlResponse(renderTagPage(getSiteInfo(), tag, issues));
}
