/** Networks and their settings (JSON read back over the defaults by core's storedSettings, as in SQLite). */
import { storedSettings, type Network, type NetworkSettings } from '../../core/network.ts';
import type { NetworkRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';

interface Row {
  id: string;
  settings: string;
  created_at: Date;
  schedule_changed_at: Date | null;
}

function toNetwork(row: Row): Network {
  const settings = storedSettings(JSON.parse(row.settings) as Partial<NetworkSettings>);
  const network: Network = { id: row.id, settings, createdAt: row.created_at };
  if (row.schedule_changed_at !== null) network.scheduleChangedAt = row.schedule_changed_at;
  return network;
}

const COLUMNS = 'id, settings, created_at, schedule_changed_at';

export function networkRepository(sql: Sql): NetworkRepository {
  return {
    async create(network) {
      await sql.run('INSERT INTO networks (id, settings, created_at) VALUES ($1, $2, $3)', [network.id, JSON.stringify(network.settings), network.createdAt]);
    },
    async get(id) {
      const [row] = await sql.rows<Row>(`SELECT ${COLUMNS} FROM networks WHERE id = $1`, [id]);
      return row ? toNetwork(row) : undefined;
    },
    async updateSettings(id, settings) {
      await sql.run('UPDATE networks SET settings = $1 WHERE id = $2', [JSON.stringify(settings), id]);
    },
    async markScheduleChanged(id, at) {
      await sql.run('UPDATE networks SET schedule_changed_at = $1 WHERE id = $2', [at, id]);
    },
    all: async () => (await sql.rows<Row>(`SELECT ${COLUMNS} FROM networks ORDER BY created_at, id`)).map(toNetwork),
    delete: async (id) => (await sql.run('DELETE FROM networks WHERE id = $1', [id])) > 0,
  };
}
