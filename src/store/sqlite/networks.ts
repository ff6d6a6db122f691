/**
 * Networks and their settings. Settings are stored as JSON and read back over the
 * defaults (core's storedSettings), so a setting added in a later version has a value
 * for older networks.
 */
import type Database from 'better-sqlite3';
import { storedSettings, type Network, type NetworkSettings } from '../../core/network.ts';
import type { NetworkRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';

interface Row {
  id: string;
  settings: string;
  created_at: number;
  schedule_changed_at: number | null;
}

function toNetwork(row: Row): Network {
  const settings = storedSettings(JSON.parse(row.settings) as Partial<NetworkSettings>);
  const network: Network = { id: row.id, settings, createdAt: new Date(row.created_at) };
  if (row.schedule_changed_at !== null) network.scheduleChangedAt = new Date(row.schedule_changed_at);
  return network;
}

export function networkRepository(db: Database.Database): Sync<NetworkRepository> {
  const insert = db.prepare<[string, string, number]>('INSERT INTO networks (id, settings, created_at) VALUES (?, ?, ?)');
  const select = db.prepare<[string], Row>('SELECT id, settings, created_at, schedule_changed_at FROM networks WHERE id = ?');
  const selectAll = db.prepare<[], Row>('SELECT id, settings, created_at, schedule_changed_at FROM networks ORDER BY created_at, id');
  const update = db.prepare<[string, string]>('UPDATE networks SET settings = ? WHERE id = ?');
  const remove = db.prepare<[string]>('DELETE FROM networks WHERE id = ?');
  const rescheduled = db.prepare<[number, string]>('UPDATE networks SET schedule_changed_at = ? WHERE id = ?');

  return {
    create(network) {
      insert.run(network.id, JSON.stringify(network.settings), network.createdAt.getTime());
    },
    get(id) {
      const row = select.get(id);
      return row ? toNetwork(row) : undefined;
    },
    updateSettings(id, settings) {
      update.run(JSON.stringify(settings), id);
    },
    markScheduleChanged(id, at) {
      rescheduled.run(at.getTime(), id);
    },
    all: () => selectAll.all().map(toNetwork),
    delete: (id) => remove.run(id).changes > 0,
  };
}
