import type { MetadataRoute } from 'next';
import { getSitemapEntries } from '@/lib/site-map';

export default function sitemap(): MetadataRoute.Sitemap {
  return getSitemapEntries();
}
