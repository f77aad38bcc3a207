import type { ContentProblem } from '../content/problems';
import type { PublishOutcome } from './service';

/** A problem as the webhook and `npm run publish --json` report it. */
export function problemJson(p: ContentProblem) {
  return { severity: p.severity, file: p.file, field: p.field, problem: p.message, fix: p.fix };
}

/** The status code and JSON body for a publish's outcome. */
export function outcomeResponse(outcome: PublishOutcome): { status: number; body: Record<string, unknown> } {
  switch (outcome.status) {
    case 'published':
      return { status: 200, body: { status: 'published', version: outcome.version, changes: outcome.changes, warnings: outcome.warnings.map(problemJson) } };
    case 'unchanged':
      return { status: 200, body: { status: 'unchanged', version: outcome.version, changes: { added: [], changed: [], removed: [] }, warnings: outcome.warnings.map(problemJson) } };
    case 'refused':
      return { status: 422, body: { status: 'refused', version: outcome.version, problems: outcome.problems.map(problemJson) } };
    case 'failed':
      return { status: outcome.error === 'busy' ? 503 : 502, body: { status: 'failed', error: outcome.error, detail: outcome.detail } };
  }
}
