import { requestLink } from '@/app/_handlers/admin';

export function POST(request: Request) {
  return requestLink(request);
}
