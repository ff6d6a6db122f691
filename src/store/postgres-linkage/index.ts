/**
 * The linkage of open rounds on PostgreSQL: one UNLOGGED table per open round in the
 * schema `thermometer_linkage`, holding the round secret, the participation tokens and
 * the round's answers keyed by token — and nothing else. Closing a round seals its
 * table; destroying it drops the table, so its file is truncated and unlinked at once
 * rather than left with old row versions for vacuum to find some day.
 *
 * Why UNLOGGED (README, Operations → PostgreSQL): an unlogged table is never written to
 * the write-ahead log, so WAL archives, streaming replicas and base backups
 * (pg_basebackup, pgBackRest) never carry a secret or token. What that costs: after a
 * crash of the database server, or a failover to a standby, the tables come back empty
 * (the open rounds' answers are lost; the recovery sweep gives each such round a fresh
 * secret). A bot process killed at any moment loses nothing it acknowledged: the server
 * holds the commit. `pg_dump` copies unlogged tables unless told not to — the operator
 * must exclude this schema.
 *
 * Each table has one row with the empty token: the round's own row, with the secret and
 * the seal. A write takes that row FOR SHARE and a seal takes it FOR UPDATE, so a seal
 * waits for the writes in flight and every write after it sees the seal; no answer slips
 * between the guard's count and the seal.
 */
import type pg from 'pg';
import type { Answer } from '../../core/answer.ts';
import { DomainError } from '../../core/errors.ts';
import type { AnswerChange, LinkageStore } from '../../core/linkage-port.ts';
import { merge } from '../linkage/files.ts';
import { ADVISORY, underAdvisoryLock } from '../postgres/migrations.ts';
import { sqlState, UNDEFINED_TABLE, withTransaction } from '../postgres/sql.ts';

export const LINKAGE_SCHEMA = 'thermometer_linkage';

/** Round ids are base64url; anything else never names a table (and names stay under 63 bytes). */
const ROUND_ID = /^[A-Za-z0-9_-]{1,56}$/;
const PREFIX = 'round_';
/** The round's own row: secret and seal. Tokens are base64url HMACs, never empty. */
const OWN = '';

const table = (roundId: string): string => {
  if (!ROUND_ID.test(roundId)) throw new Error('round id cannot name a linkage table');
  return `${LINKAGE_SCHEMA}."${PREFIX}${roundId}"`;
};

const notOpen = (): DomainError => new DomainError('round_not_open');
const missing = (error: unknown): boolean => sqlState(error) === UNDEFINED_TABLE;

/** Sets up the schema and ties it to one archive, so two archives never sweep each other's rounds. */
async function claimSchema(pool: pg.Pool, archiveId: string): Promise<void> {
  const client = await pool.connect();
  try {
    await underAdvisoryLock(client, ADVISORY.linkageSchema, async () => {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${LINKAGE_SCHEMA}`);
      // Logged on purpose: it names the archive, nothing about anyone.
      await client.query(`CREATE TABLE IF NOT EXISTS ${LINKAGE_SCHEMA}.archive (one boolean PRIMARY KEY DEFAULT true CHECK (one), archive_id text NOT NULL)`);
      await client.query(`INSERT INTO ${LINKAGE_SCHEMA}.archive (archive_id) VALUES ($1) ON CONFLICT DO NOTHING`, [archiveId]);
      const { rows } = await client.query<{ archive_id: string }>(`SELECT archive_id FROM ${LINKAGE_SCHEMA}.archive`);
      const owner = rows[0]?.archive_id;
      if (owner !== archiveId) {
        throw new Error(`The linkage schema ${LINKAGE_SCHEMA} belongs to another archive (${owner ?? '?'}, this one is ${archiveId}). Give every archive its own database.`);
      }
    });
  } finally {
    client.release();
  }
}

export interface PostgresLinkageOptions {
  /** The id of the archive this linkage belongs to; checked against the schema's own record. */
  archiveId: string;
  /** Whether close() ends the pool (false when the archive shares it). */
  ownsPool?: boolean;
}

export async function openPostgresLinkage(pool: pg.Pool, options: PostgresLinkageOptions): Promise<LinkageStore> {
  await claimSchema(pool, options.archiveId);

  /** A read on a round's table; `fallback` when the round has no table. */
  const read = async <T>(roundId: string, text: (t: string) => string, values: unknown[], pick: (rows: Record<string, unknown>[]) => T, fallback: T): Promise<T> => {
    try {
      return pick((await pool.query(text(table(roundId)), values)).rows as Record<string, unknown>[]);
    } catch (error) {
      if (missing(error)) return fallback;
      throw error;
    }
  };

  /** A write on an open round: its own row held FOR SHARE, so no seal happens meanwhile. */
  const write = async <T>(roundId: string, fn: (client: pg.PoolClient, t: string) => Promise<T>): Promise<T> => {
    const t = table(roundId);
    try {
      return await withTransaction(pool, async (client) => {
        const { rows } = await client.query<{ sealed: boolean }>(`SELECT sealed FROM ${t} WHERE token = $1 FOR SHARE`, [OWN]);
        if (rows[0]?.sealed !== false) throw notOpen();
        return fn(client, t);
      });
    } catch (error) {
      if (missing(error)) throw notOpen();
      throw error;
    }
  };

  const secretOf = (roundId: string): Promise<Uint8Array | undefined> =>
    read(roundId, (t) => `SELECT secret FROM ${t} WHERE token = $1`, [OWN], (rows) => (rows[0] ? new Uint8Array(rows[0].secret as Buffer) : undefined), undefined);

  return {
    async create(roundId, secret) {
      const t = table(roundId);
      const rows = await withTransaction(pool, async (client) => {
        // Two replicas creating one round's table at once would collide in the catalog.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`linkage:${roundId}`]);
        await client.query(`CREATE UNLOGGED TABLE IF NOT EXISTS ${t} (token text PRIMARY KEY, secret bytea, sealed boolean, answer text)`);
        await client.query(`INSERT INTO ${t} (token, secret, sealed) VALUES ($1, $2, false) ON CONFLICT (token) DO NOTHING`, [OWN, Buffer.from(secret)]);
        return (await client.query<{ secret: Buffer }>(`SELECT secret FROM ${t} WHERE token = $1`, [OWN])).rows;
      });
      if (!rows[0]) throw new Error('linkage table has no round after creating it');
      return new Uint8Array(rows[0].secret);
    },

    secret: secretOf,

    get: (roundId, token) =>
      read(roundId, (t) => `SELECT answer FROM ${t} WHERE token = $1 AND token <> ''`, [token], (rows) => (rows[0] ? (JSON.parse(rows[0].answer as string) as Answer) : undefined), undefined),

    put: (roundId, token, change: AnswerChange) =>
      write(roundId, async (client, t) => {
        if (token === OWN) throw new Error('empty participation token');
        // Locks the person's row when there is one; a first answer from two clicks at once
        // is settled by the primary key (the loser reads the winner's row and tries again).
        for (;;) {
          const { rows } = await client.query<{ answer: string }>(`SELECT answer FROM ${t} WHERE token = $1 FOR UPDATE`, [token]);
          const current = rows[0] ? (JSON.parse(rows[0].answer) as Answer) : undefined;
          const answer = merge(current, change);
          let created = false;
          if (current) await client.query(`UPDATE ${t} SET answer = $2 WHERE token = $1`, [token, JSON.stringify(answer)]);
          else if ((await client.query(`INSERT INTO ${t} (token, answer) VALUES ($1, $2) ON CONFLICT (token) DO NOTHING`, [token, JSON.stringify(answer)])).rowCount === 1) created = true;
          else continue;
          const { rows: counted } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t} WHERE token <> ''`);
          return { answer, created, count: counted[0]?.n ?? 0 };
        }
      }),

    withdraw: (roundId, token) =>
      write(roundId, async (client, t) => ((await client.query(`DELETE FROM ${t} WHERE token = $1 AND token <> ''`, [token])).rowCount ?? 0) > 0),

    count: (roundId) => read(roundId, (t) => `SELECT count(*)::int AS n FROM ${t} WHERE token <> ''`, [], (rows) => (rows[0]?.n as number | undefined) ?? 0, 0),

    has: (roundId, token) => read(roundId, (t) => `SELECT 1 FROM ${t} WHERE token = $1 AND token <> ''`, [token], (rows) => rows.length > 0, false),

    async seal(roundId, guard) {
      const t = table(roundId);
      try {
        return await withTransaction(pool, async (client) => {
          const { rows } = await client.query<{ sealed: boolean }>(`SELECT sealed FROM ${t} WHERE token = $1 FOR UPDATE`, [OWN]);
          const own = rows[0];
          if (!own) return undefined;
          // After the lock: every write that was under way has committed, none can follow.
          if (!own.sealed && guard) guard((await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t} WHERE token <> ''`)).rows[0]?.n ?? 0);
          await client.query(`UPDATE ${t} SET sealed = true WHERE token = $1`, [OWN]);
          return (await client.query<{ answer: string }>(`SELECT answer FROM ${t} WHERE token <> ''`)).rows.map((row) => JSON.parse(row.answer) as Answer);
        });
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },

    sealed: (roundId) => read(roundId, (t) => `SELECT sealed FROM ${t} WHERE token = $1`, [OWN], (rows) => rows[0]?.sealed === true, false),

    async destroy(roundId) {
      // The table's file is truncated when this commits and unlinked at the next checkpoint.
      await pool.query(`DROP TABLE IF EXISTS ${table(roundId)}`);
    },

    async rounds() {
      const { rows } = await pool.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind = 'r' AND starts_with(c.relname, $2) ORDER BY c.relname`,
        [LINKAGE_SCHEMA, PREFIX],
      );
      return rows.map((r) => r.name.slice(PREFIX.length)).sort();
    },

    async close() {
      if (options.ownsPool) await pool.end();
    },
  };
}
