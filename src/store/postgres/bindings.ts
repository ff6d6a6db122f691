/** Channels the bot knows and the network each is bound to (see the SQLite twin for the rules). */
import type { ChannelBinding, Platform } from '../../core/network.ts';
import type { BindingRecord, BindingRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';

interface Row {
  platform: Platform;
  workspace: string;
  channel: string;
  service_url: string;
  network_id: string | null;
}

const toRecord = (row: Row): BindingRecord => ({
  platform: row.platform,
  workspace: row.workspace,
  channel: row.channel,
  serviceUrl: row.service_url,
  networkId: row.network_id,
});

const COLUMNS = 'platform, workspace, channel, service_url, network_id';

export function bindingRepository(sql: Sql): BindingRepository {
  return {
    async upsert(b) {
      await sql.run(
        `INSERT INTO channel_bindings (${COLUMNS}) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (platform, workspace, channel) DO UPDATE SET
           service_url = CASE WHEN excluded.service_url <> '' THEN excluded.service_url ELSE channel_bindings.service_url END,
           network_id = COALESCE(excluded.network_id, channel_bindings.network_id)`,
        [b.platform, b.workspace, b.channel, b.serviceUrl, b.networkId],
      );
    },
    async find(c) {
      const [row] = await sql.rows<Row>(`SELECT ${COLUMNS} FROM channel_bindings WHERE platform = $1 AND workspace = $2 AND channel = $3`, [c.platform, c.workspace, c.channel]);
      return row ? toRecord(row) : undefined;
    },
    forNetwork: async (networkId) =>
      (await sql.rows<Row>(`SELECT ${COLUMNS} FROM channel_bindings WHERE network_id = $1 ORDER BY platform, workspace, channel`, [networkId])).map(
        (row) => ({ ...toRecord(row), networkId }) satisfies ChannelBinding,
      ),
    async remove(c) {
      await sql.run('DELETE FROM channel_bindings WHERE platform = $1 AND workspace = $2 AND channel = $3', [c.platform, c.workspace, c.channel]);
    },
    async unbindNetwork(networkId) {
      await sql.run('UPDATE channel_bindings SET network_id = NULL WHERE network_id = $1', [networkId]);
    },
  };
}
