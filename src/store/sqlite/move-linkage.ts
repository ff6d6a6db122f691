/**
 * The upgrade of an archive made before the linkage store existed (schema 2): each open
 * round's secret, participation tokens and answers are written, durably, into that
 * round's linkage file, before migration 3 deletes them from the archive and the file
 * is compacted. Writing the same linkage again is harmless, so a crash half-way is
 * finished by the next start.
 */
import type Database from 'better-sqlite3';
import type { MigrationContext } from './migrations.ts';
import { toStoredAnswer, type AnswerRow } from './answers.ts';

/** The answers table as schema 2 had it: no channel yet (NULL AS channel_key). */
const SCHEMA_2_COLUMNS = 'a.id, a.level, a.ratings, a.domain, a.org_level, NULL AS channel_key, a.comment';

export function moveLinkageOut(db: Database.Database, context: MigrationContext): void {
  const hasSecrets = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'round_secrets'").get();
  if (!hasSecrets) return;
  const open = db
    .prepare<[], { id: string; secret: Buffer }>("SELECT r.id, s.secret FROM rounds r JOIN round_secrets s ON s.round_id = r.id WHERE r.status = 'open'")
    .all();
  if (open.length === 0) return;
  if (!context.linkage) throw new Error('This database still holds the linkage of open rounds; it can only be upgraded with its linkage directory.');
  const linkage = context.linkage();
  const answers = db.prepare<[string], AnswerRow & { token: string }>(
    `SELECT t.token, ${SCHEMA_2_COLUMNS}
     FROM participation_tokens t JOIN answers a ON a.id = t.answer_id WHERE t.round_id = ?`,
  );
  for (const round of open) {
    const rows = answers.all(round.id);
    linkage.importRound(round.id, new Uint8Array(round.secret), rows.map((row) => ({ token: row.token, answer: toStoredAnswer(row).answer })));
  }
}
