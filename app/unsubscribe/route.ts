import { handleUnsubscribe } from '@/app/_handlers/newsletter';
import { withDatabase } from '@/app/_handlers/unavailable';

export const dynamic = 'force-dynamic';

const guarded = withDatabase(handleUnsubscribe);

export { guarded as GET, guarded as POST };
