/**
 * Rounds and their close. The archive never sees an open round's secret, tokens or
 * answers (they are in the linkage store); `finalize` receives the closed round's
 * answers already shuffled under new random ids and writes them with the final result.
 */
import type Database from 'better-sqlite3';
import type { RoundResult } from '../../core/result.ts';
import type { Round, RoundStatus } from '../../core/round.ts';
import type { RoundRepository, StoredRound } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';
import { agreementRatingsValue, answerValues, INSERT_ANSWER } from './answers.ts';

interface Row {
  id: string;
  network_id: string;
  status: RoundStatus;
  instrument: string;
  k: number;
  opens_at: number;
  closes_at: number;
  remind_at: number | null;
  reminded_at: number | null;
  opened_at: number | null;
  closed_at: number | null;
  result: string | null;
  prompt_id: string | null;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function toRound(row: Row): StoredRound {
  return {
    id: row.id,
    networkId: row.network_id,
    status: row.status,
    instrument: row.instrument,
    k: row.k,
    opensAt: new Date(row.opens_at),
    closesAt: new Date(row.closes_at),
    remindAt: date(row.remind_at),
    openedAt: date(row.opened_at),
    closedAt: date(row.closed_at),
    // Stryker disable next-line ConditionalExpression: JSON.parse(null) is null as well.
    result: row.result === null ? null : (JSON.parse(row.result) as RoundResult),
    promptId: row.prompt_id,
    remindedAt: date(row.reminded_at),
  };
}

const COLUMNS = 'id, network_id, status, instrument, k, opens_at, closes_at, remind_at, reminded_at, opened_at, closed_at, result, prompt_id';

export function roundRepository(db: Database.Database): Sync<RoundRepository> {
  const insert = db.prepare<[string, string, string, string, number, number, number, number | null, number | null, number | null]>(
    'INSERT INTO rounds (id, network_id, status, instrument, k, opens_at, closes_at, remind_at, opened_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const select = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM rounds WHERE id = ?`);
  const openFor = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM rounds WHERE network_id = ? AND status = 'open'`);
  const scheduledFor = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM rounds WHERE network_id = ? AND status = 'scheduled' ORDER BY opens_at`);
  const closedFor = db.prepare<[string, number], Row>(
    `SELECT ${COLUMNS} FROM rounds WHERE network_id = ? AND status = 'closed' ORDER BY closed_at DESC, id LIMIT ?`,
  );
  const open = db.prepare<[number, number | null, string]>(
    "UPDATE rounds SET status = 'open', opened_at = ?, closes_at = COALESCE(?, closes_at) WHERE id = ? AND status = 'scheduled'",
  );
  const close = db.prepare<[number, string, string | null, string]>(
    "UPDATE rounds SET status = 'closed', closed_at = ?, result = ?, prompt_id = ? WHERE id = ? AND status = 'open'",
  );
  const insertAnswer = db.prepare(INSERT_ANSWER);
  const skip = db.prepare<[string]>("UPDATE rounds SET status = 'skipped' WHERE id = ? AND status = 'scheduled'");
  const reminded = db.prepare<[number, string]>('UPDATE rounds SET reminded_at = ? WHERE id = ?');
  const deleteScheduled = db.prepare<[string]>("DELETE FROM rounds WHERE network_id = ? AND status = 'scheduled'");
  const lastOpensAt = db.prepare<[string], { at: number | null }>('SELECT max(opens_at) AS at FROM rounds WHERE network_id = ?');
  const dueToOpen = db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM rounds WHERE status = 'scheduled' AND opens_at <= ? ORDER BY opens_at`);
  const dueToRemind = db.prepare<[number, number], Row>(
    `SELECT ${COLUMNS} FROM rounds WHERE status = 'open' AND reminded_at IS NULL AND remind_at IS NOT NULL AND remind_at <= ? AND closes_at > ? ORDER BY remind_at`,
  );
  const dueToClose = db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM rounds WHERE status = 'open' AND closes_at <= ? ORDER BY closes_at`);
  const purge = db.prepare<[string, number, number]>(
    `DELETE FROM rounds WHERE network_id = ?
       AND ((status = 'closed' AND closed_at < ?) OR (status = 'skipped' AND closes_at < ?))`,
  );

  return {
    create(r: Round) {
      insert.run(
        r.id,
        r.networkId,
        r.status,
        r.instrument,
        r.k,
        r.opensAt.getTime(),
        r.closesAt.getTime(),
        r.remindAt?.getTime() ?? null,
        r.openedAt?.getTime() ?? null,
        r.closedAt?.getTime() ?? null,
      );
    },
    get(id) {
      const row = select.get(id);
      return row ? toRound(row) : undefined;
    },
    openFor(networkId) {
      const row = openFor.get(networkId);
      return row ? toRound(row) : undefined;
    },
    scheduledFor: (networkId) => scheduledFor.all(networkId).map(toRound),
    closedFor: (networkId, limit) => closedFor.all(networkId, limit).map(toRound),
    open: (id, openedAt, closesAt) => open.run(openedAt.getTime(), closesAt?.getTime() ?? null, id).changes > 0,
    finalize: db.transaction((id: string, input: Parameters<RoundRepository['finalize']>[1]) => {
      if (close.run(input.closedAt.getTime(), JSON.stringify(input.result), input.promptId, id).changes === 0) return false;
      for (const answer of input.answers) insertAnswer.run(...answerValues(id, answer), agreementRatingsValue(answer.answer));
      return true;
    }),
    skip: (id) => skip.run(id).changes > 0,
    markReminded(id, at) {
      reminded.run(at.getTime(), id);
    },
    deleteScheduled: (networkId) => deleteScheduled.run(networkId).changes,
    lastOpensAt: (networkId) => {
      // Stryker disable next-line OptionalChaining: max() always returns one row.
      const at = lastOpensAt.get(networkId)?.at;
      // Stryker disable next-line ConditionalExpression: `at` is never undefined (one row, see above).
      return at === null || at === undefined ? undefined : new Date(at);
    },
    dueToOpen: (now) => dueToOpen.all(now.getTime()).map(toRound),
    dueToRemind: (now) => dueToRemind.all(now.getTime(), now.getTime()).map(toRound),
    dueToClose: (now) => dueToClose.all(now.getTime()).map(toRound),
    purgeEndedBefore: (networkId, before) => purge.run(networkId, before.getTime(), before.getTime()).changes,
  };
}
