/**
 * The archive's own bookkeeping (`archive_meta`): its random id, which ties the linkage
 * of open rounds to this archive, and whether a compaction is owed after an erase or purge.
 */
import type { MaintenanceRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';

const COMPACT_OWED = 'compact_owed';

export function maintenanceRepository(sql: Sql): MaintenanceRepository {
  return {
    async oweCompaction() {
      await sql.run("INSERT INTO archive_meta (key, value) VALUES ($1, '1') ON CONFLICT DO NOTHING", [COMPACT_OWED]);
    },
    compactionOwed: async () => (await sql.rows('SELECT 1 FROM archive_meta WHERE key = $1', [COMPACT_OWED])).length > 0,
  };
}

export async function clearCompactionOwed(sql: Sql): Promise<void> {
  await sql.run('DELETE FROM archive_meta WHERE key = $1', [COMPACT_OWED]);
}

/** The archive's random id (made by the first migration). */
export async function archiveId(sql: Sql): Promise<string> {
  const [row] = await sql.rows<{ value: string }>("SELECT value FROM archive_meta WHERE key = 'archive_id'");
  if (!row) throw new Error('archive has no id; its migrations did not run');
  return row.value;
}
