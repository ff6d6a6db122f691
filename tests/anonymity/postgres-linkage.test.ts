/**
 * Promise 1 on PostgreSQL: the linkage of open rounds (secret, tokens, answers behind
 * them) lives in unlogged tables, so it is never in the write-ahead log — and so never
 * in a WAL archive or a streaming replica — nor in a base backup taken while the round
 * is open. The archive's own rows are, which shows the scan would see it. `pg_dump`
 * copies unlogged tables unless told not to: without flags the dump holds the linkage,
 * with `--exclude-schema=thermometer_linkage` (or `--no-unlogged-table-data`) it does
 * not, which is why the README tells operators to pass one. Closing drops the table:
 * its file is truncated at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { participationToken } from '../../src/app/tokens.ts';
import type { LinkageStore } from '../../src/core/linkage-port.ts';
import { openPostgresStores, type OpenStores } from '../../src/store/index.ts';
import { LINKAGE_SCHEMA } from '../../src/store/postgres-linkage/index.ts';
import { findBinaries, type ClusterInfo } from '../fixtures/postgres/cluster.ts';
import { aNetwork } from '../helpers/builders.ts';
import { findIn } from '../helpers/bytes.ts';
import { createDatabase, postgres } from '../helpers/postgres.ts';

const server = postgres();
const test = server ? it : it.skip;

let database: Awaited<ReturnType<typeof createDatabase>>;
let stores: OpenStores;
const scratch = mkdtempSync(join(tmpdir(), 'thermometer-pg-copies-'));
const marker = `archive-marker-${Math.random().toString(36).slice(2)}`;
const secret = new Uint8Array(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256));
const roundId = `walround${Math.random().toString(36).slice(2, 10)}`;
const comment = `linkage-comment-${Math.random().toString(36).slice(2)}`;
const tokens = Array.from({ length: 5 }, (_, i) => participationToken(secret, { platform: 'slack', workspace: 'T1', user: `U${i}` }));
const linkageNeedles = [secret, ...tokens, comment];

/** Every byte of every file under `dir`. */
function bytesUnder(dir: string): Buffer {
  const parts: Buffer[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(full);
      else if (stat?.isFile()) parts.push(readFileSync(full));
    }
  };
  walk(dir);
  return Buffer.concat(parts);
}

function tool(name: string, args: string[], info: ClusterInfo): string {
  const found = findBinaries();
  if ('missing' in found) throw new Error(found.missing);
  const result = spawnSync(join(found.bin, name), [...args, '-h', info.socketDir, '-p', String(info.port), '-U', 'postgres'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr}`);
  return result.stdout;
}

async function openRoundWithAnswers(linkage: LinkageStore): Promise<void> {
  await linkage.create(roundId, secret);
  for (const [i, token] of tokens.entries()) await linkage.put(roundId, token, { kind: 'form', answer: { level: ((i % 4) + 1) as 1 | 2 | 3 | 4, ratings: {}, comment } });
}

beforeAll(async () => {
  if (!server) return;
  database = await createDatabase(server);
  stores = await openPostgresStores(database.url, { poolSize: 3 });
  await stores.store.networks.create(aNetwork({ settings: { name: marker } }));
  await openRoundWithAnswers(stores.linkage);
});

afterAll(async () => {
  await stores?.close();
  await database?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

test('keeps the linkage out of the write-ahead log, where the archive is', () => {
  const wal = bytesUnder(join(server!.socketDir, 'data', 'pg_wal'));
  expect(findIn(wal, [marker])).toEqual([marker]);
  expect(findIn(wal, linkageNeedles)).toEqual([]);
});

test('keeps the linkage out of a base backup taken while the round is open', () => {
  const target = join(scratch, 'basebackup');
  tool('pg_basebackup', ['-D', target, '-X', 'stream', '-c', 'fast'], server!);
  const copy = bytesUnder(target);
  expect(findIn(copy, [marker])).toEqual([marker]);
  expect(findIn(copy, linkageNeedles)).toEqual([]);
});

test('pg_dump copies the linkage unless told not to; excluding its schema or unlogged data leaves it out', () => {
  const plain = Buffer.from(tool('pg_dump', ['-d', database.name], server!));
  expect(findIn(plain, [marker])).toEqual([marker]);
  expect(findIn(plain, [tokens[0]!, comment])).toEqual([tokens[0]!, comment]);
  for (const flag of [`--exclude-schema=${LINKAGE_SCHEMA}`, '--no-unlogged-table-data']) {
    const dump = Buffer.from(tool('pg_dump', ['-d', database.name, flag], server!));
    expect(findIn(dump, [marker])).toEqual([marker]);
    expect(findIn(dump, linkageNeedles)).toEqual([]);
  }
});

test('closing drops the round table and its file at once', async () => {
  const dataDir = join(server!.socketDir, 'data');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ path: string }>(`SELECT pg_relation_filepath('${LINKAGE_SCHEMA}."round_${roundId}"') AS path`);
    const file = join(dataDir, rows[0]!.path);
    // (An unlogged table's pages reach this file only when evicted or at shutdown.)
    expect(existsSync(file)).toBe(true);
    expect(await stores.linkage.seal(roundId)).toHaveLength(tokens.length);
    await stores.linkage.destroy(roundId);
    // Truncated when the drop commits, unlinked at the next checkpoint.
    expect(!existsSync(file) || statSync(file).size === 0).toBe(true);
    expect(await stores.linkage.rounds()).not.toContain(roundId);
  } finally {
    await client.end();
  }
});
