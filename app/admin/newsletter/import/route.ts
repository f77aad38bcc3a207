import { postImport } from '@/app/_handlers/newsletter-admin';

export function POST(request: Request) {
  return postImport(request);
}
