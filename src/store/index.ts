/**
 * The SQLite store: one database file in WAL mode (see database.ts for the pragmas),
 * migrations applied at start, and one repository per aggregate. `openStore(':memory:')`
 * works for quick tests; the promises are tested against a real file.
 */
import type { Store } from '../core/store-port.ts';
import { answerRepository } from './answers.ts';
import { bindingRepository } from './bindings.ts';
import { coordinatorRepository } from './coordinators.ts';
import { openDatabase, type DatabaseOptions } from './database.ts';
import { deliveryRepository } from './deliveries.ts';
import { leaseRepository } from './leases.ts';
import { networkRepository } from './networks.ts';
import { postRepository } from './posts.ts';
import { promptRepository } from './prompts.ts';
import { roundRepository } from './rounds.ts';

export type { Store } from '../core/store-port.ts';
export type { DatabaseOptions as StoreOptions } from './database.ts';

export function openStore(path: string, options: DatabaseOptions = {}): Store {
  const db = openDatabase(path, options);
  return {
    networks: networkRepository(db),
    bindings: bindingRepository(db),
    coordinators: coordinatorRepository(db),
    rounds: roundRepository(db),
    answers: answerRepository(db),
    posts: postRepository(db),
    deliveries: deliveryRepository(db),
    prompts: promptRepository(db),
    leases: leaseRepository(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    checkpoint() {
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    close() {
      if (db.open) db.close();
    },
  };
}
