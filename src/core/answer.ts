/**
 * What a respondent gives in a round, and its validation against the round's
 * instrument and the network's settings. Invalid input throws a DomainError and never
 * reaches the store.
 */
import { sanitizeComment } from './comment-text.ts';
import { DomainError } from './errors.ts';
import { DOMAINS, ORG_LEVELS, type Domain, type OrgLevel } from './network.ts';
import { isLevel, isRating, type Level, type Rating } from './scale.ts';

export const COMMENT_MAX = 1000;

export interface Answer {
  level: Level;
  /** Statement id → 1–5. */
  ratings: Record<string, Rating>;
  domain?: Domain;
  orgLevel?: OrgLevel;
  /**
   * The key of the bound channel the answer was given in (ChannelBinding.key), set by the
   * bot from where the click came, never typed: the channel group dimension.
   */
  channel?: string;
  comment?: string;
}

export interface AnswerRules {
  statementIds: readonly string[];
  commentsEnabled: boolean;
}

/** Checks untrusted input; returns a clean Answer (sanitised comment, no empty fields). */
export function validateAnswer(input: {
  level: unknown;
  ratings?: Record<string, unknown>;
  domain?: unknown;
  orgLevel?: unknown;
  comment?: unknown;
}, rules: AnswerRules): Answer {
  if (!isLevel(input.level)) throw new DomainError('level_out_of_range');
  const ratings: Record<string, Rating> = {};
  for (const [id, value] of Object.entries(input.ratings ?? {})) {
    if (!rules.statementIds.includes(id)) throw new DomainError('unknown_statement', { statement: id });
    if (!isRating(value)) throw new DomainError('rating_out_of_range', { statement: id });
    ratings[id] = value;
  }
  const answer: Answer = { level: input.level, ratings };
  if (input.domain !== undefined && input.domain !== null && input.domain !== '') {
    if (!(DOMAINS as readonly unknown[]).includes(input.domain)) throw new DomainError('unknown_domain');
    answer.domain = input.domain as Domain;
  }
  if (input.orgLevel !== undefined && input.orgLevel !== null && input.orgLevel !== '') {
    if (!(ORG_LEVELS as readonly unknown[]).includes(input.orgLevel)) throw new DomainError('unknown_org_level');
    answer.orgLevel = input.orgLevel as OrgLevel;
  }
  if (typeof input.comment === 'string' && input.comment.trim() !== '') {
    const comment = input.comment.trim();
    if (!rules.commentsEnabled) throw new DomainError('comments_disabled');
    if (comment.length > COMMENT_MAX) throw new DomainError('comment_too_long', { max: COMMENT_MAX });
    // Stored as it will be shown: no mention, address or link ever reaches the database.
    const kept = sanitizeComment(comment);
    if (kept !== '') answer.comment = kept;
  }
  return answer;
}
