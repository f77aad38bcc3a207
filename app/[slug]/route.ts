import { notFound } from 'next/navigation';
import { renderIssuePage } from '@/components/article/issue-page';
import { getCover, getIssues, getOtherIssues, getRenderedIssue } from '@/lib/content/service';
import { htmlResponse } from '@/lib/http';
import { getSiteInfo } from '@/lib/site';

// Every issue is rendered once at build; readers get the stored HTML (no per-request Markdown work).
export const dynamic = 'force-static';
export const dynamicParams = false;

export function generateStaticParams() {
  return getIssues().map((issue) => ({ slug: issue.slug }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const issue = getRenderedIssue(slug);
  if (!issue) notFound();
  return htmlResponse(
    renderIssuePage({ site: getSiteInfo(), issue, others: getOtherIssues(slug), cover: getCover(issue) }),
  );
}
