import { showStopReplies, stopReplies } from '@/app/_handlers/stop-replies';
import { withDatabase } from '@/app/_handlers/unavailable';

export const dynamic = 'force-dynamic';

export const GET = withDatabase(async (request: Request) => showStopReplies(request));
export const POST = withDatabase(stopReplies);
