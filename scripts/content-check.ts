/**
 * `npm run content:check`: validates every issue in content/ and reports
 * every problem at once (file, field, what is wrong, how to fix it).
 * Lists the issues scheduled for later and when each goes live (not a problem).
 * Exits 1 when there is an error; warnings alone pass.
 */
import { checkContent } from '@/lib/content/service';
import { formatProblem } from '@/lib/content/problems';
import { formatGoLive, formatWait, scheduledIssues } from '@/lib/content/schedule';

const now = new Date();
const { checked, problems, issues } = checkContent();
const errors = problems.filter((p) => p.severity === 'error');
const warnings = problems.filter((p) => p.severity === 'warning');

// Grouped by file (in the order read), errors before warnings, so an author fixes one file at a time.
const files = [...new Set(problems.map((p) => p.file))];
const rank = (p: (typeof problems)[number]) => files.indexOf(p.file) * 2 + (p.severity === 'error' ? 0 : 1);
for (const problem of [...problems].sort((a, b) => rank(a) - rank(b))) console.log(formatProblem(problem));

const scheduled = scheduledIssues(issues, now);
if (scheduled.length && problems.length) console.log('');
for (const issue of scheduled) {
  console.log(`⏰ ${issue.file} is scheduled for ${formatGoLive(issue.liveAt)} (${formatWait(now, new Date(issue.liveAt))})`);
}
const summary =
  `${checked} file${checked === 1 ? '' : 's'} checked: ${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` +
  (scheduled.length ? `, ${scheduled.length} scheduled` : '');
console.log(errors.length ? `\n✗ ${summary}` : `✓ ${summary}`);
process.exit(errors.length ? 1 : 0);
