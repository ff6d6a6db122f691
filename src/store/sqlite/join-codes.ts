/**
 * Join codes: one per network, as the hash the use cases made of it. Setting a new one
 * replaces the old, which stops working at once; erasing the network deletes it.
 */
import type Database from 'better-sqlite3';
import type { JoinCodeRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';

export function joinCodeRepository(db: Database.Database): Sync<JoinCodeRepository> {
  const set = db.prepare<[string, string]>(
    'INSERT INTO join_codes (network_id, code_hash) VALUES (?, ?) ON CONFLICT (network_id) DO UPDATE SET code_hash = excluded.code_hash',
  );
  const byHash = db.prepare<[string], { network_id: string }>('SELECT network_id FROM join_codes WHERE code_hash = ?');
  const has = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM join_codes WHERE network_id = ?');
  return {
    set(networkId, codeHash) {
      set.run(networkId, codeHash);
    },
    networkFor: (codeHash) => byHash.get(codeHash)?.network_id,
    has: (networkId) => has.get(networkId) !== undefined,
  };
}
