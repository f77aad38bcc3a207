import { signOutEverywhere } from '@/app/_handlers/admin';
import { withDatabase } from '@/app/_handlers/unavailable';

export const POST = withDatabase(async (request: Request) => {
  return signOutEverywhere(request);
});
