/**
 * `npm run comments:digest`: with COMMENTS_NOTIFY=digest, emails the author every comment since
 * the last digest, in one message. Run it once a day (cron or a systemd timer).
 */
import { disconnectDb } from '@/lib/db/client';
import { sendDigest } from '@/lib/comments/notifications';
import { useLiveContent } from '@/lib/publish/service';

async function main() {
  // The published version of the content, as the server serves it (not whatever content/ holds now).
  await useLiveContent();
  const { comments } = await sendDigest();
  console.log(comments ? `Sent a digest of ${comments} comment(s).` : 'No new comments: nothing sent.');
  await disconnectDb();
}

void main();
