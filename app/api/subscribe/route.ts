import { postSubscribe } from '@/app/_handlers/newsletter';

export function POST(request: Request) {
  return postSubscribe(request);
}
