import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/sqlite/database.ts';
import { openStore } from '../../src/store/index.ts';
import { migrate, MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { aNetwork } from '../helpers/builders.ts';
import { tempDb, type TempDb } from '../helpers/temp-db.ts';

let db: TempDb;
/** Versions need not be contiguous (a branch's migration keeps its number until merged). */
const LATEST = MIGRATIONS.at(-1)?.version ?? 0;
afterEach(() => db?.cleanup());

describe('migrations', () => {
  it('creates the schema once and never reapplies it when the file is opened again', async () => {
    db = tempDb();
    const first = db.open();
    const network = aNetwork();
    await first.networks.create(network);
    await first.close();

    const conn = openDatabase(db.path);
    expect(conn.pragma('user_version', { simple: true })).toBe(LATEST);
    // Already migrated by openDatabase: nothing left to apply.
    expect(migrate(conn)).toBe(0);
    conn.close();

    const again = db.open();
    expect((await again.networks.get(network.id))?.settings.name).toBe(network.settings.name);
  });

  it('applies only the new migration, in a transaction that rolls back on failure', () => {
    db = tempDb();
    const conn = openDatabase(db.path);
    const next = [...MIGRATIONS, { version: LATEST + 1, description: 'extra', sql: 'CREATE TABLE extra (x INTEGER);' }];
    expect(migrate(conn, next)).toBe(1);
    expect(migrate(conn, next)).toBe(0);

    const broken = [...next, { version: LATEST + 2, description: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;' }];
    expect(() => migrate(conn, broken)).toThrow();
    expect(conn.pragma('user_version', { simple: true })).toBe(LATEST + 1);
    expect(conn.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    conn.close();
  });

  it('refuses a database written by a newer version', () => {
    db = tempDb();
    const raw = new Database(db.path);
    raw.pragma(`user_version = ${LATEST + 5}`);
    raw.close();
    expect(() => openStore(db.path)).toThrow(/newer than this program/);
  });
});

describe('the connection', () => {
  it('runs in WAL mode with full sync, secure delete and foreign keys', () => {
    db = tempDb();
    const conn = openDatabase(db.path);
    expect(conn.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(conn.pragma('synchronous', { simple: true })).toBe(2);
    expect(conn.pragma('secure_delete', { simple: true })).toBe(1);
    expect(conn.pragma('foreign_keys', { simple: true })).toBe(1);
    // VACUUM's copy stays in memory, never in a temporary file.
    expect(conn.pragma('temp_store', { simple: true })).toBe(2);
    conn.close();
  });

  it('creates the parent directory of the database file', async () => {
    db = tempDb('nested/deeper/thermometer.db');
    const store = db.open();
    await store.networks.create(aNetwork());
    expect(await store.networks.all()).toHaveLength(1);
  });
});

describe('the archive schema', () => {
  it('has no table or column that could hold a round secret or a participation token', () => {
    db = tempDb();
    const conn = openDatabase(db.path);
    const tables = (conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    const columns = tables.flatMap((t) => (conn.pragma(`table_info(${t})`) as { name: string }[]).map((c) => `${t}.${c.name}`));
    conn.close();
    expect(tables).not.toContain('round_secrets');
    expect(tables).not.toContain('participation_tokens');
    for (const column of columns) expect(column).not.toMatch(/secret|token/i);
  });
});

describe('the answers table', () => {
  it('has no column that could hold a person, a time or an order', () => {
    db = tempDb();
    const conn = openDatabase(db.path);
    const columns = (conn.pragma('table_info(answers)') as { name: string }[]).map((c) => c.name);
    conn.close();
    // channel_key is the random key of the channel an answer came from (a group, like domain), never a platform id.
    expect(columns.sort()).toEqual(['channel_key', 'comment', 'domain', 'id', 'level', 'org_level', 'ratings', 'round_id']);
    for (const name of columns) expect(name).not.toMatch(/user|member|person|name|token|time|date|_at$|created|seq|order|platform|workspace/i);
  });

  it('is keyed on its random id only, with no hidden rowid to keep the insertion order', () => {
    db = tempDb();
    const conn = openDatabase(db.path);
    const sql = (conn.prepare("SELECT sql FROM sqlite_master WHERE name = 'answers'").get() as { sql: string }).sql;
    conn.close();
    expect(sql).toMatch(/WITHOUT ROWID/i);
    expect(sql).not.toMatch(/AUTOINCREMENT/i);
  });
});
