import { postResend } from '@/app/_handlers/newsletter';

export function POST(request: Request) {
  return postResend(request);
}
