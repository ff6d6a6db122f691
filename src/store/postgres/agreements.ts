/**
 * Agreements and the agreements each round asks about (see the SQLite twin for the
 * rules). An agreement holds no user id; both tables go with their network (cascade).
 */
import type { Agreement } from '../../core/agreement.ts';
import type { AgreementRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';
import { AGREEMENT_COLUMNS, toAgreement, type AgreementRow } from '../rows.ts';


export function agreementRepository(sql: Sql): AgreementRepository {
  const one = async (text: string, values: unknown[]): Promise<Agreement | undefined> => {
    const [row] = await sql.rows<AgreementRow>(text, values);
    return row ? toAgreement(row) : undefined;
  };
  return {
    // A second adoption of the same suggestion meets the unique index and writes nothing.
    create: async (a) =>
      (await sql.run(`INSERT INTO agreements (${AGREEMENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`, [
        a.id,
        a.networkId,
        a.text,
        a.owner,
        a.sourceItem,
        a.afterRoundId,
        a.status,
        a.createdAt,
        a.closedAt,
      ])) > 0,
    get: (id) => one(`SELECT ${AGREEMENT_COLUMNS} FROM agreements WHERE id = $1`, [id]),
    fromSuggestion: (networkId, afterRoundId, sourceItem) =>
      one(`SELECT ${AGREEMENT_COLUMNS} FROM agreements WHERE network_id = $1 AND after_round_id = $2 AND source_item = $3`, [networkId, afterRoundId, sourceItem]),
    forNetwork: async (networkId) =>
      (await sql.rows<AgreementRow>(`SELECT ${AGREEMENT_COLUMNS} FROM agreements WHERE network_id = $1 ORDER BY created_at DESC, id`, [networkId])).map(toAgreement),
    countOpen: async (networkId) =>
      (await sql.rows<{ n: number }>("SELECT count(*)::int AS n FROM agreements WHERE network_id = $1 AND status = 'open'", [networkId]))[0]?.n ?? 0,
    close: async (id, status, at) => (await sql.run("UPDATE agreements SET status = $1, closed_at = $2 WHERE id = $3 AND status = 'open'", [status, at, id])) > 0,
    async ask(roundId, agreementIds) {
      if (agreementIds.length === 0) return;
      // One statement: the positions are the order given, counted from 0 as on SQLite.
      await sql.run(
        `INSERT INTO round_agreements (round_id, agreement_id, position)
         SELECT $1, id, (n - 1)::int FROM unnest($2::text[]) WITH ORDINALITY AS a (id, n)
         ON CONFLICT DO NOTHING`,
        [roundId, agreementIds],
      );
    },
    askedIn: async (roundId) =>
      (
        await sql.rows<AgreementRow>(
          `SELECT ${AGREEMENT_COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')} FROM round_agreements r JOIN agreements a ON a.id = r.agreement_id WHERE r.round_id = $1 ORDER BY r.position`,
          [roundId],
        )
      ).map(toAgreement),
    purgeClosedBefore: (networkId, before) => sql.run("DELETE FROM agreements WHERE network_id = $1 AND status <> 'open' AND closed_at < $2", [networkId, before]),
  };
}
