/** Platform installations (Slack OAuth) as sealed text (see the SQLite twin). */
import type { Platform } from '../../core/network.ts';
import type { InstallationRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';

export function installationRepository(sql: Sql): InstallationRepository {
  return {
    async save(record) {
      await sql.run(
        'INSERT INTO installations (platform, install_key, sealed) VALUES ($1, $2, $3) ON CONFLICT (platform, install_key) DO UPDATE SET sealed = excluded.sealed',
        [record.platform, record.key, record.sealed],
      );
    },
    async find(platform, key) {
      const [row] = await sql.rows<{ platform: Platform; install_key: string; sealed: string }>(
        'SELECT platform, install_key, sealed FROM installations WHERE platform = $1 AND install_key = $2',
        [platform, key],
      );
      return row ? { platform: row.platform, key: row.install_key, sealed: row.sealed } : undefined;
    },
    remove: async (platform, key) => (await sql.run('DELETE FROM installations WHERE platform = $1 AND install_key = $2', [platform, key])) > 0,
  };
}
