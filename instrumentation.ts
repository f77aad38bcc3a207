// Runs once when the server starts, before it takes requests:
// - a malformed or missing setting stops the process with one line naming the variable, instead of
//   failing on some reader's request later;
// - hands view counting to scripts/server.mjs, which sees every request before Next does. Counting
//   there keeps issue pages static and costs readers nothing (Next's request proxy, tried first,
//   halved the pages' throughput).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // `next build` may load this file too: publishing is for a running server only.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { checkStartup } = await import('./lib/startup');
  const problem = checkStartup();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  // Serve the published version of the content (or publish one), then follow other instances'
  // publishes. `next dev` reads content/ as it is on every request instead.
  if (process.env.NODE_ENV === 'production') {
    const { startPublishing } = await import('./lib/publish/sync');
    const refusal = await startPublishing();
    if (refusal) {
      console.error(refusal);
      process.exit(1);
    }
  }
  // What scripts/server.mjs asks the app before Next sees a request (lib/process-slots.mjs).
  const { processSlot } = await import('./lib/process-slots.mjs');
  const { addressKind } = await import('./lib/content/addresses');
  processSlot<typeof addressKind>('addressKind').set(addressKind);
  const { mayPreviewAddress } = await import('./lib/content/preview');
  processSlot<typeof mayPreviewAddress>('mayPreview').set(mayPreviewAddress);
  const { countView } = await import('./lib/views/service');
  processSlot<typeof countView>('viewsCount').set(countView);
  // Replies by email on Masthead's own SMTP server, when INBOUND_SMTP_PORT is set (off by default).
  const { startReplyServer } = await import('./lib/comments/reply-by-email');
  await startReplyServer();
}
