import { renderMessagePage } from '@/components/ui/message-page';
import { htmlResponse } from '@/lib/http';
import { getSiteInfo } from '@/lib/site';

/** The answer to a state-changing request from another site (CSRF): one page for every form. */
export const refusedCrossSite = () =>
  htmlResponse(renderMessagePage(getSiteInfo(), { title: 'Refused', message: 'This request did not come from this site.' }), 403);
