import { postSend } from '@/app/_handlers/newsletter-admin';

export function POST(request: Request) {
  return postSend(request);
}
