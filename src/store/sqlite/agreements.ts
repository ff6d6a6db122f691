/**
 * Agreements and the agreements each round asks about. Plain SQL on two tables
 * (`agreements`, `round_agreements`, migration 7), easy to mirror on another engine.
 * An agreement holds no user id; both tables go with their network (cascade).
 */
import type Database from 'better-sqlite3';
import type { AgreementRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';
import { AGREEMENT_COLUMNS, toAgreement, type AgreementRow } from '../rows.ts';


export function agreementRepository(db: Database.Database): Sync<AgreementRepository> {
  // A second adoption of the same suggestion meets the unique index and writes nothing.
  const insert = db.prepare<[string, string, string, string | null, string | null, string | null, string, number, number | null]>(
    `INSERT INTO agreements (${AGREEMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const select = db.prepare<[string], AgreementRow>(`SELECT ${AGREEMENT_COLUMNS} FROM agreements WHERE id = ?`);
  const fromSuggestion = db.prepare<[string, string, string], AgreementRow>(
    `SELECT ${AGREEMENT_COLUMNS} FROM agreements WHERE network_id = ? AND after_round_id = ? AND source_item = ?`,
  );
  const forNetwork = db.prepare<[string], AgreementRow>(`SELECT ${AGREEMENT_COLUMNS} FROM agreements WHERE network_id = ? ORDER BY created_at DESC, id`);
  const countOpen = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM agreements WHERE network_id = ? AND status = 'open'");
  const close = db.prepare<[string, number, string]>("UPDATE agreements SET status = ?, closed_at = ? WHERE id = ? AND status = 'open'");
  const ask = db.prepare<[string, string, number]>('INSERT INTO round_agreements (round_id, agreement_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const askedIn = db.prepare<[string], AgreementRow>(
    `SELECT ${AGREEMENT_COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')} FROM round_agreements r JOIN agreements a ON a.id = r.agreement_id WHERE r.round_id = ? ORDER BY r.position`,
  );
  const purge = db.prepare<[string, number]>("DELETE FROM agreements WHERE network_id = ? AND status <> 'open' AND closed_at < ?");

  return {
    create: (a) =>
      insert.run(a.id, a.networkId, a.text, a.owner, a.sourceItem, a.afterRoundId, a.status, a.createdAt.getTime(), a.closedAt?.getTime() ?? null).changes > 0,
    get(id) {
      const row = select.get(id);
      return row ? toAgreement(row) : undefined;
    },
    fromSuggestion(networkId, afterRoundId, sourceItem) {
      const row = fromSuggestion.get(networkId, afterRoundId, sourceItem);
      return row ? toAgreement(row) : undefined;
    },
    forNetwork: (networkId) => forNetwork.all(networkId).map(toAgreement),
    countOpen: (networkId) => countOpen.get(networkId)?.n ?? 0,
    close: (id, status, at) => close.run(status, at.getTime(), id).changes > 0,
    ask: db.transaction((roundId: string, agreementIds: readonly string[]) => {
      agreementIds.forEach((id, position) => ask.run(roundId, id, position));
    }),
    askedIn: (roundId) => askedIn.all(roundId).map(toAgreement),
    purgeClosedBefore: (networkId, before) => purge.run(networkId, before.getTime()).changes,
  };
}
