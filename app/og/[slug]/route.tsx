import { ImageResponse } from 'next/og';
import { notFound } from 'next/navigation';
import { OgCard } from '@/components/article/og-card';
import { getIssue, getIssues } from '@/lib/content/service';
import { getSiteInfo } from '@/lib/site';

// One social card per issue, drawn at build.
export const dynamic = 'force-static';
// Cards of issues published after the build are drawn on first request, then stored.
export const dynamicParams = true;

export function generateStaticParams() {
  return getIssues().map((issue) => ({ slug: issue.slug }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const issue = getIssue((await params).slug);
  if (!issue) notFound();
  const site = getSiteInfo();
  return new ImageResponse(
    <OgCard siteTitle={site.title} author={site.author} title={issue.title} subtitle={issue.summary} date={issue.date} />,
    { width: 1200, height: 630 },
  );
}
