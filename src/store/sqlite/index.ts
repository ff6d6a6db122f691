/**
 * The SQLite archive: one database file in WAL mode (see database.ts for the pragmas),
 * migrations applied at start, one repository per aggregate, and one connection shared
 * through the gate (gate.ts) so asynchronous transactions never interleave.
 */
import type Database from 'better-sqlite3';
import type { Platform } from '../../core/network.ts';
import type { Repositories, Store } from '../../core/store-port.ts';
import { GroupCommit } from '../group-commit.ts';
import { agreementRepository } from './agreements.ts';
import { answerRepository } from './answers.ts';
import { bindingRepository } from './bindings.ts';
import { coordinatorRepository } from './coordinators.ts';
import { DEFAULT_BUSY_TIMEOUT_MS, openDatabase, type DatabaseOptions } from './database.ts';
import { deliveryRepository } from './deliveries.ts';
import { asyncRepository, ConnectionGate } from './gate.ts';
import { installationRepository } from './installations.ts';
import { joinAttemptRepository } from './join-attempts.ts';
import { joinCodeRepository } from './join-codes.ts';
import { leaseRepository } from './leases.ts';
import { archiveId, clearCompactionOwed, maintenanceRepository } from './maintenance.ts';
import { networkRepository } from './networks.ts';
import { postRepository } from './posts.ts';
import { promptRepository } from './prompts.ts';
import { roundRepository } from './rounds.ts';
import type { Sync } from './sync.ts';

export type { DatabaseOptions } from './database.ts';

/** How long a checkpoint keeps trying while readers are in the way before it reports that it did not complete. */
const CHECKPOINT_WAIT_MS = 500;

export interface SqliteArchive {
  store: Store;
  /** The archive's random id, which its linkage directory is tied to. */
  archiveId: string;
}

type SyncRepositories = { [K in keyof Repositories]: Sync<Repositories[K]> };

function syncRepositories(db: Database.Database): SyncRepositories {
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
    maintenance: maintenanceRepository(db),
    agreements: agreementRepository(db),
    joinCodes: joinCodeRepository(db),
    joinAttempts: joinAttemptRepository(db),
    installations: installationRepository(db),
  };
}

function bind(sync: SyncRepositories, run: <T>(fn: () => T) => Promise<T>): Repositories {
  return {
    networks: asyncRepository(sync.networks, run),
    bindings: asyncRepository(sync.bindings, run),
    coordinators: asyncRepository(sync.coordinators, run),
    rounds: asyncRepository(sync.rounds, run),
    answers: asyncRepository(sync.answers, run),
    posts: asyncRepository(sync.posts, run),
    deliveries: asyncRepository(sync.deliveries, run),
    prompts: asyncRepository(sync.prompts, run),
    leases: asyncRepository(sync.leases, run),
    maintenance: asyncRepository(sync.maintenance, run),
    agreements: asyncRepository(sync.agreements, run),
    joinCodes: asyncRepository(sync.joinCodes, run),
    joinAttempts: asyncRepository(sync.joinAttempts, run),
    installations: asyncRepository(sync.installations, run),
  };
}

/**
 * `PRAGMA wal_checkpoint(TRUNCATE)` answers busy|log|checkpointed; busy ≠ 0 means a
 * reader kept it from folding the whole log back, so the log was not emptied.
 */
export function checkpointNow(db: Database.Database): boolean {
  const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  return row !== undefined && row.busy === 0;
}

/** Runs `fn` with commits that do not wait for the disk (WAL, synchronous NORMAL), then back to FULL. */
function withoutSync<T>(db: Database.Database, fn: () => T): T {
  db.pragma('synchronous = NORMAL');
  try {
    return fn();
  } finally {
    db.pragma('synchronous = FULL');
  }
}

/** A checkpoint, tried again for a little while when a reader is in the way. */
async function checkpointPatiently(gate: ConnectionGate, db: Database.Database): Promise<boolean> {
  const deadline = Date.now() + CHECKPOINT_WAIT_MS;
  for (;;) {
    if (await gate.call(() => checkpointNow(db))) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function openSqliteArchive(path: string, options: DatabaseOptions = {}): SqliteArchive {
  const db = openDatabase(path, options);
  // From here on the gate waits for locks, without stopping the event loop.
  db.pragma('busy_timeout = 0');
  const gate = new ConnectionGate(db, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  const sync = syncRepositories(db);
  // Every click is checked against the deliveries seen before, and that check writes: the
  // checks of one turn of the event loop share one transaction. Without a sync of their
  // own: they survive the process (a crash, a kill) at once and the disk at the next
  // commit that syncs, and a power cut can lose only the last moment's — a replay
  // of those is then taken once more, which nobody acknowledged is lost by.
  const deliveries = new GroupCommit<{ platform: Platform; id: string; now: Date }, boolean>((batch) =>
    gate.call(() => withoutSync(db, () => db.transaction(() => batch.map((d) => ({ ok: true as const, value: sync.deliveries.first(d.platform, d.id, d.now) })))())),
  );
  const repositories = bind(sync, (fn) => gate.call(fn));
  const store: Store = {
    ...repositories,
    deliveries: { ...repositories.deliveries, first: (platform, id, now) => deliveries.submit({ platform, id, now }) },
    transaction: (fn) => gate.transaction((run) => fn(bind(sync, run))),
    checkpoint: () => checkpointPatiently(gate, db),
    async compact() {
      await gate.call(() => {
        db.exec('VACUUM');
        clearCompactionOwed(db);
      });
      return checkpointPatiently(gate, db);
    },
    async close() {
      await deliveries.drained();
      await gate.idle();
      if (db.open) db.close();
    },
  };
  return { store, archiveId: archiveId(db) };
}
