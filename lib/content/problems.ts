/** One thing wrong (or suspicious) in the author's content, with how to fix it. */
export type ContentProblem = {
  severity: 'error' | 'warning';
  /** Path relative to the project, e.g. content/my-issue.md. */
  file: string;
  /** Frontmatter field or body location, e.g. "date" or "body line 12". */
  field: string;
  message: string;
  fix: string;
};

/** "content/a.md: date: is not a real calendar date (fix: …)". */
export function formatProblem(p: ContentProblem): string {
  return `${p.severity === 'error' ? 'error' : 'warning'} ${p.file}: ${p.field}: ${p.message}\n    fix: ${p.fix}`;
}

/** Thrown when content is broken: the build stops and dev shows the message as an error page. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(
      `The content has ${errors.length} problem${errors.length === 1 ? '' : 's'} ` +
        `(run \`npm run content:check\`):\n${errors.map(formatProblem).join('\n')}`,
    );
    this.name = 'ContentError';
  }
}
