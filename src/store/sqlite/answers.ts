/**
 * The answers of closed rounds: written by `rounds.finalize`, read for exports and
 * recounts. Nothing here can point at a person: no token, no time, a random id.
 */
import type Database from 'better-sqlite3';
import type { AgreementRating } from '../../core/agreement-ratings.ts';
import type { Answer } from '../../core/answer.ts';
import type { Domain, OrgLevel } from '../../core/network.ts';
import type { Level, Rating } from '../../core/scale.ts';
import type { AnswerRepository, StoredAnswer } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';

export interface AnswerRow {
  id: string;
  level: number;
  ratings: string;
  domain: string | null;
  org_level: string | null;
  channel_key: string | null;
  comment: string | null;
  /** Since migration 7; absent when read from an older schema (the upgrade of migration 3). */
  agreement_ratings?: string | null;
}

export const ANSWER_COLUMNS = 'id, level, ratings, domain, org_level, channel_key, comment, agreement_ratings';

export function toStoredAnswer(row: AnswerRow): StoredAnswer {
  const answer: Answer = { level: row.level as Level, ratings: JSON.parse(row.ratings) as Record<string, Rating> };
  if (row.domain !== null) answer.domain = row.domain as Domain;
  if (row.org_level !== null) answer.orgLevel = row.org_level as OrgLevel;
  if (row.channel_key !== null) answer.channel = row.channel_key;
  if (row.comment !== null) answer.comment = row.comment;
  if (typeof row.agreement_ratings === 'string') answer.agreementRatings = JSON.parse(row.agreement_ratings) as Record<string, AgreementRating>;
  return { id: row.id, answer };
}

/** Values for `INSERT INTO answers (id, round_id, level, ratings, domain, org_level, channel_key, comment)`. */
export function answerValues(roundId: string, { id, answer }: StoredAnswer): [string, string, number, string, string | null, string | null, string | null, string | null] {
  return [id, roundId, answer.level, JSON.stringify(answer.ratings), answer.domain ?? null, answer.orgLevel ?? null, answer.channel ?? null, answer.comment ?? null];
}

/** The agreement_ratings value of an answer: JSON, or null when it rated no agreement. */
export function agreementRatingsValue(answer: Answer): string | null {
  return answer.agreementRatings && Object.keys(answer.agreementRatings).length > 0 ? JSON.stringify(answer.agreementRatings) : null;
}

/** Takes answerValues(…) followed by agreementRatingsValue(…). */
export const INSERT_ANSWER = 'INSERT INTO answers (id, round_id, level, ratings, domain, org_level, channel_key, comment, agreement_ratings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';

export function answerRepository(db: Database.Database): Sync<AnswerRepository> {
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM answers WHERE round_id = ?');
  const forRound = db.prepare<[string], AnswerRow>(`SELECT ${ANSWER_COLUMNS} FROM answers WHERE round_id = ?`);
  return {
    // Stryker disable next-line OptionalChaining: count(*) always returns one row.
    count: (roundId) => count.get(roundId)?.n ?? 0,
    forRound: (roundId) => forRound.all(roundId).map(toStoredAnswer),
  };
}
