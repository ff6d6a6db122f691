/**
 * The answers of closed rounds: written by `rounds.finalize` in one statement, read for
 * exports and recounts. Nothing here can point at a person: no token, no time, a random id.
 */
import type { AgreementRating } from '../../core/agreement-ratings.ts';
import type { Answer } from '../../core/answer.ts';
import type { Domain, OrgLevel } from '../../core/network.ts';
import type { Level, Rating } from '../../core/scale.ts';
import type { AnswerRepository, StoredAnswer } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';

interface Row {
  id: string;
  level: number;
  ratings: string;
  domain: string | null;
  org_level: string | null;
  channel_key: string | null;
  comment: string | null;
  agreement_ratings: string | null;
}

function toStoredAnswer(row: Row): StoredAnswer {
  const answer: Answer = { level: row.level as Level, ratings: JSON.parse(row.ratings) as Record<string, Rating> };
  if (row.domain !== null) answer.domain = row.domain as Domain;
  if (row.org_level !== null) answer.orgLevel = row.org_level as OrgLevel;
  if (row.channel_key !== null) answer.channel = row.channel_key;
  if (row.comment !== null) answer.comment = row.comment;
  if (row.agreement_ratings !== null) answer.agreementRatings = JSON.parse(row.agreement_ratings) as Record<string, AgreementRating>;
  return { id: row.id, answer };
}

/**
 * Writes a closed round's answers in the order given (already shuffled), as one
 * statement over arrays: one round trip whatever the number of answers.
 */
export async function insertAnswers(sql: Sql, roundId: string, answers: readonly StoredAnswer[]): Promise<void> {
  if (answers.length === 0) return;
  await sql.run(
    `INSERT INTO answers (id, round_id, level, ratings, domain, org_level, channel_key, comment, agreement_ratings)
     SELECT id, $1, level, ratings, domain, org_level, channel_key, comment, agreement_ratings
     FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS a (id, level, ratings, domain, org_level, channel_key, comment, agreement_ratings)`,
    [
      roundId,
      answers.map((a) => a.id),
      answers.map((a) => a.answer.level),
      answers.map((a) => JSON.stringify(a.answer.ratings)),
      answers.map((a) => a.answer.domain ?? null),
      answers.map((a) => a.answer.orgLevel ?? null),
      answers.map((a) => a.answer.channel ?? null),
      answers.map((a) => a.answer.comment ?? null),
      // As on SQLite: JSON, or null when the answer rated no agreement.
      answers.map((a) => (a.answer.agreementRatings && Object.keys(a.answer.agreementRatings).length > 0 ? JSON.stringify(a.answer.agreementRatings) : null)),
    ],
  );
}

export function answerRepository(sql: Sql): AnswerRepository {
  return {
    count: async (roundId) => (await sql.rows<{ n: number }>('SELECT count(*)::int AS n FROM answers WHERE round_id = $1', [roundId]))[0]?.n ?? 0,
    forRound: async (roundId) =>
      (await sql.rows<Row>('SELECT id, level, ratings, domain, org_level, channel_key, comment, agreement_ratings FROM answers WHERE round_id = $1', [roundId])).map(toStoredAnswer),
  };
}
