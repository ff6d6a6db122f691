/** Join codes: one per network, as the hash the use cases made of it (see the SQLite twin). */
import type { JoinCodeRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';

export function joinCodeRepository(sql: Sql): JoinCodeRepository {
  return {
    async set(networkId, codeHash) {
      await sql.run('INSERT INTO join_codes (network_id, code_hash) VALUES ($1, $2) ON CONFLICT (network_id) DO UPDATE SET code_hash = excluded.code_hash', [
        networkId,
        codeHash,
      ]);
    },
    networkFor: async (codeHash) => (await sql.rows<{ network_id: string }>('SELECT network_id FROM join_codes WHERE code_hash = $1', [codeHash]))[0]?.network_id,
    has: async (networkId) => (await sql.rows('SELECT 1 FROM join_codes WHERE network_id = $1', [networkId])).length > 0,
  };
}
