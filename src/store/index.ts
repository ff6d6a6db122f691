/**
 * The SQLite store: one database file in WAL mode, with the pragmas the anonymity and
 * durability promises rest on, migrations applied at start, and one repository per
 * aggregate. `openStore(':memory:')` works for quick tests; the promises are tested
 * against a real file.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../core/store-port.ts';
import { answerRepository } from './answers.ts';
import { bindingRepository } from './bindings.ts';
import { coordinatorRepository } from './coordinators.ts';
import { deliveryRepository } from './deliveries.ts';
import { migrate } from './migrations.ts';
import { networkRepository } from './networks.ts';
import { postRepository } from './posts.ts';
import { promptRepository } from './prompts.ts';
import { roundRepository } from './rounds.ts';

export type { Store } from '../core/store-port.ts';

export interface StoreOptions {
  /** How long a write waits for another connection's lock, in ms. */
  busyTimeoutMs?: number;
}

export function openStore(path: string, options: StoreOptions = {}): Store {
  if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a commit the bot reported is on disk, even after a power cut.
    db.pragma('synchronous = FULL');
    // Deleted answers, tokens and secrets are overwritten with zeros, not just freed.
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  return {
    networks: networkRepository(db),
    bindings: bindingRepository(db),
    coordinators: coordinatorRepository(db),
    rounds: roundRepository(db),
    answers: answerRepository(db),
    posts: postRepository(db),
    deliveries: deliveryRepository(db),
    prompts: promptRepository(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    checkpoint() {
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    close() {
      if (db.open) db.close();
    },
  };
}
