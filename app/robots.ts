import type { MetadataRoute } from 'next';
import { getSiteInfo } from '@/lib/site';

export default function robots(): MetadataRoute.Robots {
  const { url } = getSiteInfo();
  return { rules: [{ userAgent: '*', allow: '/', disallow: ['/admin', '/api/'] }], sitemap: `${url}/sitemap.xml` };
}
