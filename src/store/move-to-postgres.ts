/**
 * Moving networks from an SQLite archive (and its linkage directory) to PostgreSQL:
 * what `npm run migrate-store` does. The bot must be stopped on the SQLite side.
 *
 * 1. Every archive table the PostgreSQL schema has is copied, parents before children,
 *    in one PostgreSQL transaction, with values converted by the target's column types
 *    (SQLite keeps times as milliseconds). Tables are found in the catalog, so a table a
 *    later migration adds to both engines moves without a change here. Platform
 *    de-duplication, scheduler leases and the archive's own bookkeeping stay behind.
 *    A network already in the target is left as it is there (so a second run after a
 *    failure finishes the first and copies nothing twice). Tables that belong to no
 *    network (platform installations, wrong join code counts) are copied whole on every
 *    run, also when only some networks move — a moved network's channels need their
 *    workspace's installation — keeping any row the target already has.
 * 2. Open rounds keep their linkage: each round's secret, tokens and answers are written
 *    to the target's linkage (sealed again if its close had begun), checked, and only
 *    then destroyed in the source directory, so exactly one live copy exists at any time
 *    and people can change or withdraw their answer on the new store.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { LinkageStore } from '../core/linkage-port.ts';
import type { LinkageFiles } from './linkage/files.ts';
import { withTransaction } from './postgres/sql.ts';

/** Tables that belong to one running installation, not to a network's data. */
const STAYS_BEHIND = new Set(['schema_migrations', 'deliveries', 'scheduler_leases', 'archive_meta']);

export interface MoveInput {
  source: Database.Database;
  sourceLinkage: LinkageFiles;
  pool: pg.Pool;
  targetLinkage: LinkageStore;
  /** Network ids to move; all when empty. */
  networks?: readonly string[];
}

export interface MoveReport {
  /** Networks copied now, and those the target already had. */
  copied: string[];
  alreadyThere: string[];
  /** Rows copied per table. */
  rows: Record<string, number>;
  /** Open rounds whose linkage moved, with their answers. */
  openRounds: { roundId: string; answers: number }[];
}

interface Column {
  name: string;
  type: string;
}

export class MoveError extends Error {
  override readonly name = 'MoveError';
}

async function targetTables(pool: pg.Pool): Promise<Map<string, Column[]>> {
  const { rows } = await pool.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, Column[]>();
  for (const row of rows) {
    if (STAYS_BEHIND.has(row.table_name)) continue;
    tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), { name: row.column_name, type: row.data_type }]);
  }
  return tables;
}

/** Tables in an order where every table comes after the tables it references. */
async function parentsFirst(pool: pg.Pool, tables: string[]): Promise<string[]> {
  const { rows } = await pool.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>): void => {
    if (ordered.includes(table) || path.has(table)) return;
    path.add(table);
    for (const { parent } of rows.filter((r) => r.child === table && r.parent !== table)) if (tables.includes(parent)) visit(parent, path);
    ordered.push(table);
  };
  for (const table of [...tables].sort()) visit(table, new Set());
  return ordered;
}

/** A value as SQLite keeps it, as the target column wants it. */
function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'timestamp with time zone' || type === 'timestamp without time zone') return new Date(Number(value));
  if (type === 'boolean') return value === 1 || value === true;
  return value;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Which rows of a table move: those of the moving networks, or (a table of no network)
 * all, without replacing a row the target has (`keep`).
 */
function rowFilter(table: string, columns: Column[], everything: boolean): { where: string; withNetworks: boolean; keep: boolean } {
  const has = (name: string) => columns.some((c) => c.name === name);
  if (table === 'networks') return { where: 'id IN (SELECT value FROM json_each(?))', withNetworks: true, keep: false };
  if (has('network_id')) {
    return { where: `network_id IN (SELECT value FROM json_each(?))${everything ? ' OR network_id IS NULL' : ''}`, withNetworks: true, keep: false };
  }
  if (has('round_id')) return { where: 'round_id IN (SELECT id FROM rounds WHERE network_id IN (SELECT value FROM json_each(?)))', withNetworks: true, keep: false };
  return { where: '1 = 1', withNetworks: false, keep: true };
}

export async function moveToPostgres(input: MoveInput): Promise<MoveReport> {
  const { source, pool } = input;
  const sourceNetworks = source.prepare<[], { id: string }>('SELECT id FROM networks ORDER BY id').all().map((r) => r.id);
  const everything = !input.networks || input.networks.length === 0;
  const wanted = everything ? sourceNetworks : [...(input.networks ?? [])];
  const unknown = wanted.filter((id) => !sourceNetworks.includes(id));
  if (unknown.length > 0) throw new MoveError(`No such network in the SQLite archive: ${unknown.join(', ')}`);

  const present = new Set((await pool.query<{ id: string }>('SELECT id FROM networks WHERE id = ANY($1)', [wanted])).rows.map((r) => r.id));
  const moving = wanted.filter((id) => !present.has(id));
  const tables = await targetTables(pool);
  const report: MoveReport = { copied: moving, alreadyThere: wanted.filter((id) => present.has(id)), rows: {}, openRounds: [] };

  const sourceColumns = (table: string): string[] | undefined => {
    const exists = source.prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    return exists ? source.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table).map((c) => c.name) : undefined;
  };

  await withTransaction(pool, async (client) => {
    for (const table of await parentsFirst(pool, [...tables.keys()])) {
      const columns = tables.get(table) ?? [];
      const have = sourceColumns(table);
      if (!have) throw new MoveError(`The SQLite archive has no table ${table}: upgrade it by starting this version of the bot on it once, then stop it and move again.`);
      const lacking = columns.filter((c) => !have.includes(c.name)).map((c) => c.name);
      if (lacking.length > 0) throw new MoveError(`The SQLite table ${table} lacks ${lacking.join(', ')}: the two schemas differ.`);
      const filter = rowFilter(table, columns, everything && present.size === 0);
      const names = columns.map((c) => quote(c.name)).join(', ');
      const select = source.prepare(`SELECT ${names} FROM ${quote(table)} WHERE ${filter.where}`).raw(true);
      const rows = (filter.withNetworks ? select.all(JSON.stringify(moving)) : select.all()) as unknown[][];
      // Many rows per statement, well under PostgreSQL's 65,535 parameters.
      const batch = Math.max(1, Math.floor(5000 / Math.max(1, columns.length)));
      let copied = 0;
      for (let at = 0; at < rows.length; at += batch) {
        const slice = rows.slice(at, at + batch);
        const values = slice.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
        const params = slice.flatMap((row) => row.map((value, c) => convert(value, columns[c]?.type ?? 'text')));
        try {
          const inserted = await client.query(`INSERT INTO ${quote(table)} (${names}) VALUES ${values}${filter.keep ? ' ON CONFLICT DO NOTHING' : ''}`, params);
          copied += inserted.rowCount ?? 0;
        } catch (error) {
          throw new MoveError(`Copying ${table} failed, nothing was moved: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      report.rows[table] = copied;
    }
  });

  // Open rounds of every network asked for (also one copied by an earlier, interrupted run).
  const open = source.prepare<[string], { id: string }>("SELECT id FROM rounds WHERE status = 'open' AND network_id IN (SELECT value FROM json_each(?)) ORDER BY id").all(JSON.stringify(wanted));
  for (const { id } of open) {
    const linkage = input.sourceLinkage.exportRound(id);
    if (!linkage) continue;
    const target = await input.targetLinkage.create(id, linkage.secret);
    if (!Buffer.from(target).equals(Buffer.from(linkage.secret))) throw new MoveError(`Round ${id} already has other linkage in PostgreSQL; nothing of it was changed.`);
    for (const { token, answer } of linkage.answers) await input.targetLinkage.put(id, token, { kind: 'form', answer });
    if (linkage.sealed) await input.targetLinkage.seal(id);
    const moved = await input.targetLinkage.count(id);
    if (moved !== linkage.answers.length) throw new MoveError(`Round ${id}: ${moved} answers in PostgreSQL, ${linkage.answers.length} in the linkage directory; the directory is kept.`);
    input.sourceLinkage.destroy(id);
    report.openRounds.push({ roundId: id, answers: moved });
  }
  return report;
}
