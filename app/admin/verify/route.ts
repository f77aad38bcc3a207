import { verifyLink } from '@/app/_handlers/admin';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return verifyLink(request);
}
