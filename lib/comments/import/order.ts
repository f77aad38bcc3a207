import type { ImportedComment, ImportResult } from './types';

/**
 * Drops repeated ids, detaches replies whose parent is missing, on another issue or in a cycle,
 * and orders the comments oldest first with every parent before its replies.
 */
export function finishImport(comments: ImportedComment[], warnings: string[]): ImportResult {
  const byId = new Map<string, ImportedComment>();
  for (const comment of comments) {
    if (byId.has(comment.externalId)) warnings.push(`line ${comment.line}: comment ${comment.externalId} appears twice; kept the first`);
    else byId.set(comment.externalId, comment);
  }
  for (const comment of byId.values()) {
    const parent = comment.parentExternalId === null ? undefined : byId.get(comment.parentExternalId);
    if (comment.parentExternalId !== null && parent?.issueSlug !== comment.issueSlug) {
      warnings.push(`line ${comment.line}: comment ${comment.externalId} replies to ${comment.parentExternalId}, which is not in the file; imported as a top-level comment`);
      comment.parentExternalId = null;
    }
  }
  const byAge = [...byId.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const placed = new Set<string>();
  const ordered: ImportedComment[] = [];
  for (const comment of byAge) {
    // Walk up to the first placed ancestor, then place the chain top-down.
    const chain: ImportedComment[] = [];
    const onChain = new Set<string>();
    let current: ImportedComment | undefined = comment;
    while (current && !placed.has(current.externalId)) {
      if (onChain.has(current.externalId)) {
        const last = chain.at(-1)!;
        warnings.push(`line ${last.line}: comment ${last.externalId} is part of a reply cycle; imported as a top-level comment`);
        last.parentExternalId = null;
        break;
      }
      chain.push(current);
      onChain.add(current.externalId);
      current = current.parentExternalId === null ? undefined : byId.get(current.parentExternalId);
    }
    for (const link of chain.reverse()) {
      placed.add(link.externalId);
      ordered.push(link);
    }
  }
  return { comments: ordered, warnings };
}
