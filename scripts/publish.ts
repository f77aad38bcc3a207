/**
 * `npm run publish`: publishes the newest version of the content, as the push webhook does: the
 * branch's head when CONTENT_GIT_URL is set, else the checkout's content/ folder as it is now.
 * Checks it with every content:check rule first; a refused version changes nothing. Running
 * servers (on the same database) serve what it published within a second or two.
 *
 *   npm run publish            prints what changed, or the problems
 *   npm run publish -- --json  the webhook's JSON answer instead
 *   npm run publish -- --via hook   (what the post-receive hook in deploy/ passes)
 * Exit status: 0 published or nothing new, 1 refused, 2 could not fetch.
 */
import { z } from 'zod';
import { outcomeResponse } from '@/lib/publish/http';
import { describeChanges, formatProblems, shortVersion } from '@/lib/publish/report';
import { publish, type PublishOutcome } from '@/lib/publish/service';
import { runCommand } from './run-command';

const argsSchema = z.object({ json: z.boolean(), via: z.enum(['command', 'hook']) });
const USAGE = 'Usage: npm run publish [-- --json] [-- --via hook]';

function parseArgs(argv: string[]): z.infer<typeof argsSchema> | null {
  const args = { json: false, via: 'command' as string };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') args.json = true;
    else if (argv[i] === '--via') args.via = argv[++i] ?? '';
    else {
      console.error(`Unknown argument ${JSON.stringify(argv[i]).slice(0, 100)}. ${USAGE}`);
      return null;
    }
  }
  const parsed = argsSchema.safeParse(args);
  if (!parsed.success) console.error(`--via must be command or hook. ${USAGE}`);
  return parsed.success ? parsed.data : null;
}

function report(outcome: PublishOutcome): void {
  if (outcome.status === 'published') {
    console.log(`✓ Published ${shortVersion(outcome.version)}: ${describeChanges(outcome.changes)}.`);
    if (outcome.warnings.length) console.log(`\n${formatProblems(outcome.warnings)}`);
    console.log('Running servers serve it within a few seconds.');
  } else if (outcome.status === 'unchanged') {
    console.log(`✓ ${shortVersion(outcome.version)} is already live: nothing to publish.`);
  } else if (outcome.status === 'refused') {
    const errors = outcome.problems.filter((p) => p.severity === 'error').length;
    console.log(`✗ Not published: ${errors} problem${errors === 1 ? '' : 's'} in ${shortVersion(outcome.version)}. The site is unchanged.\n`);
    console.log(formatProblems(outcome.problems));
  } else {
    console.log(`✗ Could not publish: ${outcome.detail}`);
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) return 2;
  const outcome = await publish(args.via);
  if (args.json) console.log(JSON.stringify(outcomeResponse(outcome).body, null, 2));
  else report(outcome);
  return outcome.status === 'refused' ? 1 : outcome.status === 'failed' ? 2 : 0;
}

runCommand(main, 2);
