/**
 * The PostgreSQL archive: one pool of connections shared by every call, migrations
 * applied at start under an advisory lock (migrations.ts), one repository per
 * aggregate, and transactions bound to one client checked out of the pool for their
 * whole length. Several replicas of the bot share one database through it.
 */
import pg from 'pg';
import type { Repositories, Store } from '../../core/store-port.ts';
import { agreementRepository } from './agreements.ts';
import { answerRepository } from './answers.ts';
import { bindingRepository } from './bindings.ts';
import { coordinatorRepository } from './coordinators.ts';
import { deliveryRepository } from './deliveries.ts';
import { installationRepository } from './installations.ts';
import { joinAttemptRepository } from './join-attempts.ts';
import { joinCodeRepository } from './join-codes.ts';
import { leaseRepository } from './leases.ts';
import { archiveId, clearCompactionOwed, maintenanceRepository } from './maintenance.ts';
import { ADVISORY, migrate, underAdvisoryLock } from './migrations.ts';
import { networkRepository } from './networks.ts';
import { postRepository } from './posts.ts';
import { promptRepository } from './prompts.ts';
import { roundRepository } from './rounds.ts';
import { clientSql, poolSql, withTransaction, type Sql } from './sql.ts';

export interface PostgresOptions {
  /** Connections at most in the pool (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /**
   * How long a call waits for a free connection before it fails, in ms: under Slack's
   * three-second deadline, so a saturated pool gets a polite "try again", not a timeout.
   */
  connectTimeoutMs?: number;
  /** Errors of idle connections (the server restarted, a network blip): reported, never fatal. */
  onIdleError?: (error: Error) => void;
}

export const DEFAULT_POOL_SIZE = 10;

export interface PostgresArchive {
  store: Store;
  /** The archive's random id, which the linkage of its open rounds is tied to. */
  archiveId: string;
  pool: pg.Pool;
}

function bind(sql: Sql): Repositories {
  return {
    networks: networkRepository(sql),
    bindings: bindingRepository(sql),
    coordinators: coordinatorRepository(sql),
    rounds: roundRepository(sql),
    answers: answerRepository(sql),
    posts: postRepository(sql),
    deliveries: deliveryRepository(sql),
    prompts: promptRepository(sql),
    leases: leaseRepository(sql),
    maintenance: maintenanceRepository(sql),
    joinCodes: joinCodeRepository(sql),
    joinAttempts: joinAttemptRepository(sql),
    installations: installationRepository(sql),
    agreements: agreementRepository(sql),
  };
}

/** A pool on `url` that reports (and survives) errors of idle connections. */
export function openPool(url: string, options: PostgresOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 2500,
    application_name: 'partnership-thermometer',
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

/** Tables of the archive (every table of the schema but the migrations' own), for compaction. */
async function archiveTables(sql: Sql): Promise<string[]> {
  const rows = await sql.rows<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY tablename",
  );
  return rows.map((r) => r.name);
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Opens the pool, migrates the database (once across replicas) and returns the archive. */
export async function openPostgresArchive(url: string, options: PostgresOptions = {}): Promise<PostgresArchive> {
  const pool = openPool(url, options);
  try {
    const client = await pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
    const sql = poolSql(pool);
    const store: Store = {
      ...bind(sql),
      transaction: (fn) =>
        withTransaction(pool, async (client) => {
          let live = true;
          try {
            return await fn(bind(clientSql(client, () => live)));
          } finally {
            live = false;
          }
        }),
      // The write-ahead log is the server's: it recycles it at its own checkpoints.
      checkpoint: async () => true,
      async compact() {
        // VACUUM FULL writes each table anew and drops the old file, with the bytes of
        // deleted rows in it. One replica at a time; it cannot run in a transaction.
        const client = await pool.connect();
        try {
          await underAdvisoryLock(client, ADVISORY.compact, async () => {
            for (const table of await archiveTables(sql)) await client.query(`VACUUM FULL ${quoteIdent(table)}`);
            await clearCompactionOwed(sql);
          });
        } finally {
          client.release();
        }
        return true;
      },
      close: () => pool.end(),
    };
    return { store, archiveId: await archiveId(sql), pool };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
