/** Channels the bot knows and the network each is bound to (see the SQLite twin for the rules). */
import { randomBytes } from 'node:crypto';
import type { ChannelBinding } from '../../core/network.ts';
import type { BindingRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';
import { BINDING_COLUMNS, toBindingRecord, type BindingRow } from '../rows.ts';

const CHANNEL = 'platform = $1 AND workspace = $2 AND channel = $3';

/** A new channel's key: 72 random bits as 18 hex digits, as SQLite makes them. */
const newKey = (): string => randomBytes(9).toString('hex');

export function bindingRepository(sql: Sql): BindingRepository {
  return {
    async upsert(b) {
      // The key is only used when the channel is new: a stored channel keeps its own.
      await sql.run(
        `INSERT INTO channel_bindings (platform, workspace, channel, service_url, network_id, channel_key, label) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (platform, workspace, channel) DO UPDATE SET
           service_url = CASE WHEN excluded.service_url <> '' THEN excluded.service_url ELSE channel_bindings.service_url END,
           network_id = COALESCE(excluded.network_id, channel_bindings.network_id),
           label = COALESCE(excluded.label, channel_bindings.label)`,
        [b.platform, b.workspace, b.channel, b.serviceUrl, b.networkId, b.key ?? newKey(), b.label ?? null],
      );
    },
    async find(c) {
      const [row] = await sql.rows<BindingRow>(`SELECT ${BINDING_COLUMNS} FROM channel_bindings WHERE ${CHANNEL}`, [c.platform, c.workspace, c.channel]);
      return row ? toBindingRecord(row) : undefined;
    },
    forNetwork: async (networkId) =>
      (await sql.rows<BindingRow>(`SELECT ${BINDING_COLUMNS} FROM channel_bindings WHERE network_id = $1 ORDER BY platform, workspace, channel`, [networkId])).map(
        (row) => ({ ...toBindingRecord(row), networkId }) satisfies ChannelBinding,
      ),
    async remove(c) {
      await sql.run(`DELETE FROM channel_bindings WHERE ${CHANNEL}`, [c.platform, c.workspace, c.channel]);
    },
    async unbindNetwork(networkId) {
      await sql.run('UPDATE channel_bindings SET network_id = NULL, label = NULL, language = NULL WHERE network_id = $1', [networkId]);
    },
    async unbind(c) {
      await sql.run(`UPDATE channel_bindings SET network_id = NULL, label = NULL, language = NULL WHERE ${CHANNEL}`, [c.platform, c.workspace, c.channel]);
    },
    async describe(c, details) {
      // One statement whatever is given; a field left out keeps its value.
      if (details.label === undefined && details.language === undefined) return;
      await sql.run(
        `UPDATE channel_bindings SET
           label = CASE WHEN $4 THEN $5 ELSE label END,
           language = CASE WHEN $6 THEN $7 ELSE language END
         WHERE ${CHANNEL}`,
        [c.platform, c.workspace, c.channel, details.label !== undefined, details.label ?? null, details.language !== undefined, details.language ?? null],
      );
    },
    unbindWorkspace: (platform, workspace) =>
      sql.run('UPDATE channel_bindings SET network_id = NULL, label = NULL, language = NULL WHERE platform = $1 AND workspace = $2 AND network_id IS NOT NULL', [
        platform,
        workspace,
      ]),
  };
}
