// What the import parsers produce, whatever the source format.

import type { CommentStatus } from '../schema';

/** One comment from an export file, whatever its source; ready for the service to store. */
export type ImportedComment = {
  source: 'wordpress' | 'disqus' | 'masthead';
  /** The id in the source system, unique within the source (used to make re-imports add nothing). */
  externalId: string;
  /** The line of the file where the comment starts (0 when unknown), for every problem reported. */
  line: number;
  parentExternalId: string | null;
  /** The issue slug this comment belongs to, derived from the post/thread URL path (last non-empty path segment, lower-cased) or the WordPress post_name. */
  issueSlug: string;
  authorName: string | null;
  authorEmail: string | null;
  /** True only when the comment is from an address in `authorEmails` and the source vouches for it (see the parsers). */
  isAuthor: boolean;
  /** Plain text with Markdown for links, emphasis and code; entities decoded. */
  body: string;
  /** UTC. */
  createdAt: Date;
  status: CommentStatus;
  /** Only Masthead's own export carries these; absent means "never edited" and "no reply emails". */
  editedAt?: Date | null;
  notifyReplies?: boolean;
};

/** Comments in an order where every parent precedes its replies, and what was skipped or repaired. */
export type ImportResult = { comments: ImportedComment[]; warnings: string[] };

export type ImportOptions = {
  /** The author's addresses, current and old (`--author-email`): the only source of the Author mark. */
  authorEmails: string[];
  /** The site author's name: other comments may not pass for it (the form's impersonation rules). */
  authorName: string;
};
