import { issueFormToken, postCommentAndRefresh } from '@/app/_handlers/comments';
import { withDatabase } from '@/app/_handlers/unavailable';

export const POST = withDatabase(postCommentAndRefresh);

// A form token costs no database: nothing to guard.
export const GET = issueFormToken;
