/**
 * Channels the bot knows and the network each is bound to. A network may live in
 * several channels, on different platforms; a channel belongs to at most one network.
 */
import type Database from 'better-sqlite3';
import type { ChannelBinding, Platform } from '../../core/network.ts';
import type { BindingRecord, BindingRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';

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

export function bindingRepository(db: Database.Database): Sync<BindingRepository> {
  const upsert = db.prepare<[string, string, string, string, string | null]>(
    `INSERT INTO channel_bindings (platform, workspace, channel, service_url, network_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (platform, workspace, channel) DO UPDATE SET
       service_url = CASE WHEN excluded.service_url <> '' THEN excluded.service_url ELSE service_url END,
       network_id = COALESCE(excluded.network_id, network_id)`,
  );
  const select = db.prepare<[string, string, string], Row>(
    'SELECT platform, workspace, channel, service_url, network_id FROM channel_bindings WHERE platform = ? AND workspace = ? AND channel = ?',
  );
  const forNetwork = db.prepare<[string], Row>(
    'SELECT platform, workspace, channel, service_url, network_id FROM channel_bindings WHERE network_id = ? ORDER BY platform, workspace, channel',
  );
  const remove = db.prepare<[string, string, string]>('DELETE FROM channel_bindings WHERE platform = ? AND workspace = ? AND channel = ?');
  const unbind = db.prepare<[string]>('UPDATE channel_bindings SET network_id = NULL WHERE network_id = ?');

  return {
    upsert(b) {
      upsert.run(b.platform, b.workspace, b.channel, b.serviceUrl, b.networkId);
    },
    find(c) {
      const row = select.get(c.platform, c.workspace, c.channel);
      return row ? toRecord(row) : undefined;
    },
    forNetwork: (networkId) => forNetwork.all(networkId).map((row) => ({ ...toRecord(row), networkId }) satisfies ChannelBinding),
    remove(c) {
      remove.run(c.platform, c.workspace, c.channel);
    },
    unbindNetwork(networkId) {
      unbind.run(networkId);
    },
  };
}
