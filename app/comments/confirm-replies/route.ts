import { confirmReplies, showConfirmReplies } from '@/app/_handlers/confirm-replies';
import { withDatabase } from '@/app/_handlers/unavailable';

export const dynamic = 'force-dynamic';

export const GET = withDatabase(showConfirmReplies);
export const POST = withDatabase(confirmReplies);
