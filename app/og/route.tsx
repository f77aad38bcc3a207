import { ImageResponse } from 'next/og';
import { OgCard } from '@/components/article/og-card';
import { getSiteInfo } from '@/lib/site';

export const dynamic = 'force-static';

export function GET() {
  const site = getSiteInfo();
  return new ImageResponse(
    <OgCard siteTitle={site.title} author={site.author} title={site.title} subtitle={site.description} />,
    { width: 1200, height: 630 },
  );
}
