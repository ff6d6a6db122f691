/**
 * Answers and the participation tokens that link them to a person while a round is
 * open. A token is an HMAC computed by the use cases; this module never sees a user id.
 */
import type Database from 'better-sqlite3';
import type { Answer } from '../core/answer.ts';
import type { Domain, OrgLevel } from '../core/network.ts';
import type { Level, Rating } from '../core/scale.ts';
import type { AnswerRepository, StoredAnswer } from '../core/store-port.ts';

export interface AnswerRow {
  id: string;
  level: number;
  ratings: string;
  domain: string | null;
  org_level: string | null;
  comment: string | null;
}

export const ANSWER_COLUMNS = 'id, level, ratings, domain, org_level, comment';

export function toStoredAnswer(row: AnswerRow): StoredAnswer {
  const answer: Answer = { level: row.level as Level, ratings: JSON.parse(row.ratings) as Record<string, Rating> };
  if (row.domain !== null) answer.domain = row.domain as Domain;
  if (row.org_level !== null) answer.orgLevel = row.org_level as OrgLevel;
  if (row.comment !== null) answer.comment = row.comment;
  return { id: row.id, answer };
}

/** Values for `INSERT INTO answers (id, round_id, level, ratings, domain, org_level, comment)`. */
export function answerValues(roundId: string, { id, answer }: StoredAnswer): [string, string, number, string, string | null, string | null, string | null] {
  return [id, roundId, answer.level, JSON.stringify(answer.ratings), answer.domain ?? null, answer.orgLevel ?? null, answer.comment ?? null];
}

export const INSERT_ANSWER = 'INSERT INTO answers (id, round_id, level, ratings, domain, org_level, comment) VALUES (?, ?, ?, ?, ?, ?, ?)';

export function answerRepository(db: Database.Database): AnswerRepository {
  const byToken = db.prepare<[string, string], AnswerRow>(
    `SELECT a.id, a.level, a.ratings, a.domain, a.org_level, a.comment
     FROM participation_tokens t JOIN answers a ON a.id = t.answer_id
     WHERE t.round_id = ? AND t.token = ?`,
  );
  const insertAnswer = db.prepare(INSERT_ANSWER);
  const insertToken = db.prepare<[string, string, string]>('INSERT INTO participation_tokens (round_id, token, answer_id) VALUES (?, ?, ?)');
  const update = db.prepare<[number, string, string | null, string | null, string | null, string]>(
    'UPDATE answers SET level = ?, ratings = ?, domain = ?, org_level = ?, comment = ? WHERE id = ?',
  );
  const tokenAnswer = db.prepare<[string, string], { answer_id: string }>('SELECT answer_id FROM participation_tokens WHERE round_id = ? AND token = ?');
  const remove = db.prepare<[string]>('DELETE FROM answers WHERE id = ?');
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM answers WHERE round_id = ?');
  const forRound = db.prepare<[string], AnswerRow>(`SELECT ${ANSWER_COLUMNS} FROM answers WHERE round_id = ?`);

  return {
    byToken(roundId, token) {
      const row = byToken.get(roundId, token);
      return row ? toStoredAnswer(row) : undefined;
    },
    insert: db.transaction((roundId: string, token: string, answer: StoredAnswer) => {
      insertAnswer.run(...answerValues(roundId, answer));
      insertToken.run(roundId, token, answer.id);
    }),
    replace(id, answer) {
      update.run(answer.level, JSON.stringify(answer.ratings), answer.domain ?? null, answer.orgLevel ?? null, answer.comment ?? null, id);
    },
    withdraw: db.transaction((roundId: string, token: string) => {
      const row = tokenAnswer.get(roundId, token);
      if (!row) return false;
      // The token goes with it (ON DELETE CASCADE).
      remove.run(row.answer_id);
      return true;
    }),
    count: (roundId) => count.get(roundId)?.n ?? 0,
    forRound: (roundId) => forRound.all(roundId).map(toStoredAnswer),
    hasToken: (roundId, token) => tokenAnswer.get(roundId, token) !== undefined,
  };
}
