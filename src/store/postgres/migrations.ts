/**
 * The PostgreSQL schema as numbered SQL files (`migrations/NNN-name.sql`), applied at
 * start in order, each in its own transaction, and recorded in `schema_migrations`.
 * Replicas that start together take one advisory lock first, so exactly one of them
 * migrates and the others find the work done. Never edit a released file: add the next.
 *
 * The numbers follow SQLite's migrations (src/store/sqlite/migrations.ts): the first
 * file is 004, the whole schema of SQLite's version 4, and a table added later gets the
 * same number on both engines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { inTransaction } from './sql.ts';

export interface SqlMigration {
  version: number;
  name: string;
  sql: string;
}

const DIRECTORY = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE = /^(\d{3})-([a-z0-9-]+)\.sql$/;

/** Keys of the advisory locks the bot takes (one bigint space per database). */
export const ADVISORY = {
  migrate: 7_245_001,
  compact: 7_245_002,
  linkageSchema: 7_245_003,
} as const;

/** The migration files, in order. */
export function sqlMigrations(directory: string = DIRECTORY): SqlMigration[] {
  return readdirSync(directory)
    .map((name) => ({ name, match: FILE.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null)
    .map(({ name, match }) => ({ version: Number(match[1]), name: match[2] ?? name, sql: readFileSync(`${directory}${name}`, 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/** Runs fn while holding a session advisory lock on one client; waits for the lock. */
export async function underAdvisoryLock<T>(client: pg.PoolClient, key: number, fn: () => Promise<T>): Promise<T> {
  await client.query('SELECT pg_advisory_lock($1)', [key]);
  try {
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [key]);
  }
}

/** Applies the migrations the database has not seen yet; returns how many ran. */
export async function migrate(client: pg.PoolClient, migrations: readonly SqlMigration[] = sqlMigrations()): Promise<number> {
  return underAdvisoryLock(client, ADVISORY.migrate, async () => {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    const current = rows[0]?.version ?? 0;
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new Error(`The database is at schema version ${current}, newer than this program knows (${latest}). Run a newer version.`);
    }
    let applied = 0;
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await inTransaction(client, async () => {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      });
      applied += 1;
    }
    return applied;
  });
}
