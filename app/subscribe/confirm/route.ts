import { showConfirm } from '@/app/_handlers/newsletter';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return showConfirm(request);
}
