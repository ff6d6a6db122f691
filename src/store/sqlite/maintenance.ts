/**
 * The archive's own bookkeeping (`archive_meta`): its random id, which ties a linkage
 * directory to this archive, and whether a compaction is owed after an erase or purge.
 */
import type Database from 'better-sqlite3';
import type { MaintenanceRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';

const COMPACT_OWED = 'compact_owed';

export function maintenanceRepository(db: Database.Database): Sync<MaintenanceRepository> {
  const owe = db.prepare<[string]>("INSERT INTO archive_meta (key, value) VALUES (?, '1') ON CONFLICT DO NOTHING");
  const owed = db.prepare<[string], { value: string }>('SELECT value FROM archive_meta WHERE key = ?');
  return {
    oweCompaction: () => void owe.run(COMPACT_OWED),
    compactionOwed: () => owed.get(COMPACT_OWED) !== undefined,
  };
}

export function clearCompactionOwed(db: Database.Database): void {
  db.prepare<[string]>('DELETE FROM archive_meta WHERE key = ?').run(COMPACT_OWED);
}

/** The archive's random id (made by migration 3). */
export function archiveId(db: Database.Database): string {
  const row = db.prepare<[], { value: string }>("SELECT value FROM archive_meta WHERE key = 'archive_id'").get();
  if (!row) throw new Error('archive has no id; its migrations did not run');
  return row.value;
}
