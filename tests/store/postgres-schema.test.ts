/**
 * The PostgreSQL schema: replicas starting together migrate once (the advisory lock),
 * a database newer than the program is refused, and both engines have the same tables
 * with the same columns at the same schema version — so a table added to SQLite alone
 * (or to PostgreSQL alone) fails here until the other engine's migration exists. A
 * database of an earlier version is brought up to date with its rows kept.
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import { openPool, openPostgresArchive } from '../../src/store/postgres/index.ts';
import { migrate, sqlMigrations } from '../../src/store/postgres/migrations.ts';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { openDatabase } from '../../src/store/sqlite/database.ts';
import { createDatabase, postgres } from '../helpers/postgres.ts';

const server = postgres();
const test = server ? it : it.skip;

async function query<R extends object>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as R[];
  } finally {
    await client.end();
  }
}

test('five replicas starting at once apply each migration once and all start', async () => {
  const database = await createDatabase(server!);
  try {
    const archives = await Promise.all(Array.from({ length: 5 }, () => openPostgresArchive(database.url, { poolSize: 2 })));
    expect(new Set(archives.map((a) => a.archiveId)).size).toBe(1);
    for (const a of archives) await a.store.close();
    const applied = await query<{ version: number }>(database.url, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(applied.map((r) => r.version)).toEqual(sqlMigrations().map((m) => m.version));
  } finally {
    await database.drop();
  }
});

test('refuses a database migrated by a newer program', async () => {
  const database = await createDatabase(server!);
  try {
    await (await openPostgresArchive(database.url)).store.close();
    await query(database.url, "INSERT INTO schema_migrations (version, name) VALUES (999, 'future')");
    await expect(openPostgresArchive(database.url)).rejects.toThrow(/schema version 999, newer than this program/);
  } finally {
    await database.drop();
  }
});

test('has the tables and columns SQLite has, at the same schema version', async () => {
  expect(sqlMigrations().at(-1)?.version).toBe(MIGRATIONS.at(-1)?.version);
  const sqlite = openDatabase(':memory:');
  const sqliteTables = sqlite
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map(({ name }) => `${name}(${sqlite.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?) ORDER BY name').all(name).map((c) => c.name).join(', ')})`);
  sqlite.close();
  const database = await createDatabase(server!);
  try {
    await (await openPostgresArchive(database.url)).store.close();
    const columns = await query<{ table_name: string; column_name: string }>(
      database.url,
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'schema_migrations' ORDER BY table_name, column_name",
    );
    const tables = [...new Set(columns.map((c) => c.table_name))].map((t) => `${t}(${columns.filter((c) => c.table_name === t).map((c) => c.column_name).join(', ')})`);
    expect(tables).toEqual(sqliteTables);
  } finally {
    await database.drop();
  }
});

test('a database of an earlier version keeps its channels, each given its own random key', async () => {
  const database = await createDatabase(server!);
  const pool = openPool(database.url, { poolSize: 1 });
  try {
    const client = await pool.connect();
    try {
      await migrate(client, sqlMigrations().filter((m) => m.version <= 4));
    } finally {
      client.release();
    }
    await pool.query("INSERT INTO networks (id, settings, created_at) VALUES ('n1', '{\"askDomainLevel\":true}', now())");
    for (const channel of ['C1', 'C2']) {
      await pool.query("INSERT INTO channel_bindings (platform, workspace, channel, network_id) VALUES ('slack', 'T1', $1, 'n1')", [channel]);
    }
    const { store } = await openPostgresArchive(database.url, { poolSize: 2 });
    try {
      const bindings = await store.bindings.forNetwork('n1');
      expect(bindings.map((b) => b.channel)).toEqual(['C1', 'C2']);
      for (const b of bindings) expect(b.key).toMatch(/^[0-9a-f]{18}$/);
      expect(bindings[0]?.key).not.toBe(bindings[1]?.key);
      // The setting it was stored with reads back as the one that replaced it.
      const settings = (await store.networks.get('n1'))?.settings;
      expect(settings?.groupQuestions).toBe('both');
      expect(settings).not.toHaveProperty('askDomainLevel');
    } finally {
      await store.close();
    }
  } finally {
    await pool.end();
    await database.drop();
  }
});
