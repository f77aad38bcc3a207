import { handleUnsubscribe } from '@/app/_handlers/newsletter';

export const dynamic = 'force-dynamic';

export { handleUnsubscribe as GET, handleUnsubscribe as POST };
