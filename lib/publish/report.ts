import type { ContentProblem } from '../content/problems';
import type { ContentChanges } from './changes';
import type { PublishOutcome } from './service';

/** The problems as the webhook answers them and the author's email lists them. */
export type ReportedProblem = Pick<ContentProblem, 'severity' | 'file' | 'field' | 'message' | 'fix'>;

export function shortVersion(version: string): string {
  return /^[0-9a-f]{40}/.test(version) ? version.slice(0, 10) : version;
}

/** "2 added (a, b), 1 changed (c)" or "nothing readers see". */
export function describeChanges(changes: ContentChanges): string {
  const part = (n: string[], word: string) => (n.length ? `${n.length} ${word} (${n.join(', ')})` : null);
  const parts = [part(changes.added, 'added'), part(changes.changed, 'changed'), part(changes.removed, 'removed')].filter(Boolean);
  return parts.length ? parts.join(', ') : 'nothing readers see';
}

export function formatProblems(problems: ReportedProblem[]): string {
  return problems.map((p) => `${p.severity} ${p.file}: ${p.field}: ${p.message}\n    fix: ${p.fix}`).join('\n');
}

/** The email the author gets when a version is refused: what is wrong and how to fix each. */
export function refusalEmail(p: { siteTitle: string; version: string; problems: ReportedProblem[] }): { subject: string; text: string } {
  const errors = p.problems.filter((x) => x.severity === 'error');
  return {
    subject: `Not published: ${errors.length} problem${errors.length === 1 ? '' : 's'} in ${shortVersion(p.version)}`,
    text:
      `${p.siteTitle} did not publish ${p.version}: the site still shows the version before it, unchanged.\n\n` +
      `Fix these and push again (\`npm run content:check\` shows the same list on your machine):\n\n${formatProblems(p.problems)}\n`,
  };
}

/** One sentence for the author after Publish now (/admin/publishing): what happened, in the words `npm run publish` uses. */
export function describeOutcome(outcome: PublishOutcome): string {
  switch (outcome.status) {
    case 'published':
      return `Published ${shortVersion(outcome.version)}: ${describeChanges(outcome.changes)}.${outcome.warnings.length ? ` ${outcome.warnings.length} warning${outcome.warnings.length === 1 ? '' : 's'} (below).` : ''}`;
    case 'unchanged':
      return `${shortVersion(outcome.version)} is already live: nothing to publish.`;
    case 'refused': {
      const errors = outcome.problems.filter((p) => p.severity === 'error').length;
      return `Not published: ${errors} problem${errors === 1 ? '' : 's'} in ${shortVersion(outcome.version)} (below). The site is unchanged.`;
    }
    case 'failed':
      return `Could not publish: ${outcome.detail}`;
  }
}
