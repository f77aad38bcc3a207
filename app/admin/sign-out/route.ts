import { signOut } from '@/app/_handlers/admin';

export function POST(request: Request) {
  return signOut(request);
}
