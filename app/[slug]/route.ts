import { notFound } from 'next/navigation';
import { loadSection } from '@/app/_handlers/comments';
import { createPageFormToken } from '@/lib/comments/form-guard';
import { renderIssuePage } from '@/components/article/issue-page';
import { getCover, getIssues, getOtherIssues, getRenderedIssue } from '@/lib/content/service';
import { getEnv } from '@/lib/env';
import { htmlResponse } from '@/lib/http';
import { getCallToAction } from '@/lib/newsletter/service';
import { getSiteInfo } from '@/lib/site';
import { getViewCounts } from '@/lib/views/service';

// Every issue is rendered once and readers get the stored HTML (no per-request Markdown work):
// at build, or on first request for one published later. A publish refreshes exactly the pages it
// changed (lib/publish), posting a comment refreshes its page at once; otherwise at most once a
// minute, which brings the view count up to date (views are counted by scripts/server.mjs).
export const dynamic = 'force-static';
// Issues published after the build are rendered on first request, then stored the same way;
// scripts/server.mjs answers 404 for slugs the live content lacks (lib/content/addresses.ts).
export const dynamicParams = true;
export const revalidate = 60;

export function generateStaticParams() {
  return getIssues().map((issue) => ({ slug: issue.slug }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const issue = getRenderedIssue(slug);
  if (!issue) notFound();
  // The shared page shows only published comments: nobody's own pending ones, no author controls.
  // Its form token is the same for every reader, so posting with it leads to a preview first (lib/comments/form-token.ts).
  const now = new Date();
  const comments = await loadSection(slug, { ownIds: new Set(), now, isAuthor: false }, { form: { formToken: createPageFormToken(slug, now) } });
  const [cta, views] = await Promise.all([getCallToAction(), getViewCounts()]);
  return htmlResponse(
    renderIssuePage({ site: getSiteInfo(), issue, others: getOtherIssues(slug), cover: getCover(issue), comments, cta, popupDelaySeconds: getEnv().POPUP_DELAY_SECONDS, views: views.get(slug) }),
  );
}
