/**
 * One instance of the site, as far as the newsletter on publish goes: run as a child process
 * (`tsx --conditions=react-server tests/support/newsletter-instance.ts <at ISO time> <go file>`),
 * it sees every live issue go live again (as a restarted instance would), waits until the go
 * file exists (so that several instances start at once), then releases the sends due at <at>.
 * Prints one JSON line with the state of the issue's held send.
 */
import { existsSync } from 'node:fs';
import { getIssues } from '@/lib/content/service';
import { disconnectDb } from '@/lib/db/client';
import { onIssuesLive, releaseDueSends } from '@/lib/newsletter/on-publish';

async function main(): Promise<void> {
  const [atArg, goFile] = process.argv.slice(2);
  const at = new Date(atArg!);
  await onIssuesLive(getIssues(), at);
  process.stdout.write('ready\n');
  const deadline = Date.now() + 30_000;
  while (!existsSync(goFile!)) {
    if (Date.now() > deadline) throw new Error('no go file');
    await new Promise((r) => setTimeout(r, 10));
  }
  await releaseDueSends(at);
  process.stdout.write('done\n');
}

main().then(
  async () => {
    await disconnectDb();
    process.exit(0);
  },
  async (e: unknown) => {
    console.error(e);
    await disconnectDb();
    process.exit(1);
  },
);
