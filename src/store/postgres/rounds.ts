/**
 * Rounds and their close. Every change of status is one conditional UPDATE, so two
 * replicas that race on a round find out which of them changed it; `finalize` writes the
 * result and the closed round's answers (already shuffled, under new random ids) in one
 * transaction with that change.
 */
import type { RoundResult } from '../../core/result.ts';
import type { Round, RoundStatus } from '../../core/round.ts';
import type { RoundRepository, StoredRound } from '../../core/store-port.ts';
import { insertAnswers } from './answers.ts';
import type { Sql } from './sql.ts';

interface Row {
  id: string;
  network_id: string;
  status: RoundStatus;
  instrument: string;
  k: number;
  opens_at: Date;
  closes_at: Date;
  remind_at: Date | null;
  reminded_at: Date | null;
  opened_at: Date | null;
  closed_at: Date | null;
  result: string | null;
  prompt_id: string | null;
}

function toRound(row: Row): StoredRound {
  return {
    id: row.id,
    networkId: row.network_id,
    status: row.status,
    instrument: row.instrument,
    k: row.k,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    remindAt: row.remind_at,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    result: row.result === null ? null : (JSON.parse(row.result) as RoundResult),
    promptId: row.prompt_id,
    remindedAt: row.reminded_at,
  };
}

const COLUMNS = 'id, network_id, status, instrument, k, opens_at, closes_at, remind_at, reminded_at, opened_at, closed_at, result, prompt_id';

export function roundRepository(sql: Sql): RoundRepository {
  const many = async (text: string, values: unknown[]): Promise<StoredRound[]> => (await sql.rows<Row>(text, values)).map(toRound);
  const one = async (text: string, values: unknown[]): Promise<StoredRound | undefined> => (await many(text, values))[0];

  return {
    async create(r: Round) {
      await sql.run(
        'INSERT INTO rounds (id, network_id, status, instrument, k, opens_at, closes_at, remind_at, opened_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        [r.id, r.networkId, r.status, r.instrument, r.k, r.opensAt, r.closesAt, r.remindAt, r.openedAt, r.closedAt],
      );
    },
    get: (id) => one(`SELECT ${COLUMNS} FROM rounds WHERE id = $1`, [id]),
    openFor: (networkId) => one(`SELECT ${COLUMNS} FROM rounds WHERE network_id = $1 AND status = 'open'`, [networkId]),
    scheduledFor: (networkId) => many(`SELECT ${COLUMNS} FROM rounds WHERE network_id = $1 AND status = 'scheduled' ORDER BY opens_at`, [networkId]),
    closedFor: (networkId, limit) => many(`SELECT ${COLUMNS} FROM rounds WHERE network_id = $1 AND status = 'closed' ORDER BY closed_at DESC, id LIMIT $2`, [networkId, limit]),
    open: async (id, openedAt, closesAt) =>
      (await sql.run("UPDATE rounds SET status = 'open', opened_at = $1, closes_at = COALESCE($2, closes_at) WHERE id = $3 AND status = 'scheduled'", [openedAt, closesAt ?? null, id])) > 0,
    finalize: (id, input) =>
      sql.atomic(async (tx) => {
        const changed = await tx.run("UPDATE rounds SET status = 'closed', closed_at = $1, result = $2, prompt_id = $3 WHERE id = $4 AND status = 'open'", [
          input.closedAt,
          JSON.stringify(input.result),
          input.promptId,
          id,
        ]);
        if (changed === 0) return false;
        await insertAnswers(tx, id, input.answers);
        return true;
      }),
    skip: async (id) => (await sql.run("UPDATE rounds SET status = 'skipped' WHERE id = $1 AND status = 'scheduled'", [id])) > 0,
    async markReminded(id, at) {
      await sql.run('UPDATE rounds SET reminded_at = $1 WHERE id = $2', [at, id]);
    },
    deleteScheduled: (networkId) => sql.run("DELETE FROM rounds WHERE network_id = $1 AND status = 'scheduled'", [networkId]),
    async lastOpensAt(networkId) {
      const [row] = await sql.rows<{ at: Date | null }>('SELECT max(opens_at) AS at FROM rounds WHERE network_id = $1', [networkId]);
      return row?.at ?? undefined;
    },
    dueToOpen: (now) => many(`SELECT ${COLUMNS} FROM rounds WHERE status = 'scheduled' AND opens_at <= $1 ORDER BY opens_at`, [now]),
    dueToRemind: (now) =>
      many(`SELECT ${COLUMNS} FROM rounds WHERE status = 'open' AND reminded_at IS NULL AND remind_at IS NOT NULL AND remind_at <= $1 AND closes_at > $1 ORDER BY remind_at`, [now]),
    dueToClose: (now) => many(`SELECT ${COLUMNS} FROM rounds WHERE status = 'open' AND closes_at <= $1 ORDER BY closes_at`, [now]),
    purgeEndedBefore: (networkId, before) =>
      sql.run(
        `DELETE FROM rounds WHERE network_id = $1
           AND ((status = 'closed' AND closed_at < $2) OR (status = 'skipped' AND closes_at < $2))`,
        [networkId, before],
      ),
  };
}
