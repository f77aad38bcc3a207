import { signIn } from '@/app/_handlers/admin';

export function POST(request: Request) {
  return signIn(request);
}
