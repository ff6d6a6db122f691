/**
 * The one way the PostgreSQL repositories reach the database: `Sql`, bound either to the
 * pool (every call on whichever connection is free) or to one checked-out client inside
 * a transaction. Repositories are written once against it, so the same SQL runs inside
 * and outside `store.transaction`.
 */
import pg from 'pg';

export interface Sql {
  /** The rows of one statement. */
  rows<R extends object>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** How many rows one statement changed. */
  run(text: string, values?: readonly unknown[]): Promise<number>;
  /**
   * Runs fn atomically: in a transaction of its own on the pool, or inside the
   * transaction this Sql is already bound to.
   */
  atomic<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
}

/** PostgreSQL's SQLSTATE of an error from the server, if it is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export const UNDEFINED_TABLE = '42P01';

/**
 * Runs fn inside BEGIN … COMMIT on a client, rolling back when it throws. Resolves to
 * whether the client is still fit for use after a failure (its ROLLBACK went through).
 */
export async function inTransaction<T>(client: pg.PoolClient, fn: () => Promise<T>, fit: { ok: boolean } = { ok: true }): Promise<T> {
  try {
    await client.query('BEGIN');
  } catch (error) {
    fit.ok = false;
    throw error;
  }
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    fit.ok = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    throw error;
  }
}

/** A transaction on a client of its own from the pool; the client goes back whatever happens. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const fit = { ok: true };
  try {
    return await inTransaction(client, () => fn(client), fit);
  } finally {
    // A connection that could not even roll back is not handed out again.
    client.release(fit.ok ? undefined : new Error('connection failed inside a transaction'));
  }
}

/** Sql on the pool: each statement on any free connection, `atomic` in a transaction of its own. */
export function poolSql(pool: pg.Pool): Sql {
  const sql: Sql = {
    rows: async <R extends object>(text: string, values?: readonly unknown[]) => (await pool.query(text, values as unknown[])).rows as R[],
    run: async (text, values) => (await pool.query(text, values as unknown[])).rowCount ?? 0,
    atomic: (fn) => withTransaction(pool, (client) => fn(clientSql(client, () => true))),
  };
  return sql;
}

/**
 * Sql on one client inside its transaction. `live` says whether that transaction is
 * still running: a handle kept past its end is refused rather than run on a client
 * that has gone back to the pool.
 */
export function clientSql(client: pg.PoolClient, live: () => boolean): Sql {
  const guard = (): void => {
    if (!live()) throw new Error('store transaction handle used after its transaction ended');
  };
  const sql: Sql = {
    async rows<R extends object>(text: string, values?: readonly unknown[]) {
      guard();
      return (await client.query(text, values as unknown[])).rows as R[];
    },
    async run(text, values) {
      guard();
      return (await client.query(text, values as unknown[])).rowCount ?? 0;
    },
    atomic: async (fn) => {
      guard();
      return fn(sql);
    },
  };
  return sql;
}
