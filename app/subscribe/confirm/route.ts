import { postConfirm, showConfirm } from '@/app/_handlers/newsletter';
import { withDatabase } from '@/app/_handlers/unavailable';

export const dynamic = 'force-dynamic';

export const GET = withDatabase(async (request: Request) => showConfirm(request));
export const POST = withDatabase(async (request: Request) => postConfirm(request));
