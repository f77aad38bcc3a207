import { postCancelSend, showCancelSend } from '@/app/_handlers/newsletter-hold';
import { withDatabase } from '@/app/_handlers/unavailable';

export const dynamic = 'force-dynamic';

export const GET = withDatabase(async (request: Request) => showCancelSend(request));
export const POST = withDatabase(async (request: Request) => postCancelSend(request));
