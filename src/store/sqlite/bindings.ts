/**
 * Channels the bot knows and the network each is bound to. A network may live in
 * several channels, on different platforms and in different organisations; a channel
 * belongs to at most one network. Each channel has a random key (what an answer records
 * as its channel), a label for results and its own language, both optional.
 */
import type Database from 'better-sqlite3';
import type { ChannelBinding } from '../../core/network.ts';
import type { BindingRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';
import { BINDING_COLUMNS, toBindingRecord, type BindingRow } from '../rows.ts';


export function bindingRepository(db: Database.Database): Sync<BindingRepository> {
  const upsert = db.prepare<[string, string, string, string, string | null, string | null, string | null]>(
    `INSERT INTO channel_bindings (platform, workspace, channel, service_url, network_id, channel_key, label)
     VALUES (?, ?, ?, ?, ?, COALESCE(?, lower(hex(randomblob(9)))), ?)
     ON CONFLICT (platform, workspace, channel) DO UPDATE SET
       service_url = CASE WHEN excluded.service_url <> '' THEN excluded.service_url ELSE service_url END,
       network_id = COALESCE(excluded.network_id, network_id),
       label = COALESCE(excluded.label, label)`,
  );
  const select = db.prepare<[string, string, string], BindingRow>(`SELECT ${BINDING_COLUMNS} FROM channel_bindings WHERE platform = ? AND workspace = ? AND channel = ?`);
  const forNetwork = db.prepare<[string], BindingRow>(`SELECT ${BINDING_COLUMNS} FROM channel_bindings WHERE network_id = ? ORDER BY platform, workspace, channel`);
  const remove = db.prepare<[string, string, string]>('DELETE FROM channel_bindings WHERE platform = ? AND workspace = ? AND channel = ?');
  const unbindNetwork = db.prepare<[string]>('UPDATE channel_bindings SET network_id = NULL, label = NULL, language = NULL WHERE network_id = ?');
  const unbind = db.prepare<[string, string, string]>(
    'UPDATE channel_bindings SET network_id = NULL, label = NULL, language = NULL WHERE platform = ? AND workspace = ? AND channel = ?',
  );
  const unbindWorkspace = db.prepare<[string, string]>(
    'UPDATE channel_bindings SET network_id = NULL, label = NULL, language = NULL WHERE platform = ? AND workspace = ? AND network_id IS NOT NULL',
  );
  const setLabel = db.prepare<[string | null, string, string, string]>('UPDATE channel_bindings SET label = ? WHERE platform = ? AND workspace = ? AND channel = ?');
  const setLanguage = db.prepare<[string | null, string, string, string]>('UPDATE channel_bindings SET language = ? WHERE platform = ? AND workspace = ? AND channel = ?');

  return {
    upsert(b) {
      upsert.run(b.platform, b.workspace, b.channel, b.serviceUrl, b.networkId, b.key ?? null, b.label ?? null);
    },
    find(c) {
      const row = select.get(c.platform, c.workspace, c.channel);
      return row ? toBindingRecord(row) : undefined;
    },
    forNetwork: (networkId) => forNetwork.all(networkId).map((row) => ({ ...toBindingRecord(row), networkId }) satisfies ChannelBinding),
    remove(c) {
      remove.run(c.platform, c.workspace, c.channel);
    },
    unbindNetwork(networkId) {
      unbindNetwork.run(networkId);
    },
    unbind(c) {
      unbind.run(c.platform, c.workspace, c.channel);
    },
    describe(c, details) {
      if (details.label !== undefined) setLabel.run(details.label, c.platform, c.workspace, c.channel);
      if (details.language !== undefined) setLanguage.run(details.language, c.platform, c.workspace, c.channel);
    },
    unbindWorkspace: (platform, workspace) => unbindWorkspace.run(platform, workspace).changes,
  };
}
