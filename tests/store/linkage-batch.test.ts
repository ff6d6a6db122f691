/**
 * Batches in the SQLite linkage store, on real round files: answers that arrive
 * together are written together, and when a batch goes wrong exactly the affected
 * answers fail — a sealed round's, a refused form, every answer of a file whose write
 * failed — while no answer that was acknowledged is ever missing afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import type { LinkageStore } from '../../src/core/linkage-port.ts';
import { LinkageFiles, linkageStoreOver, openLinkageStore } from '../../src/store/linkage/index.ts';
import type { LinkageWrite } from '../../src/store/linkage/files.ts';

let dir: string;
const opened: LinkageStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The store over files that remember each batch they were given. */
function observed(path: string): { linkage: LinkageStore; batches: LinkageWrite[][] } {
  const batches: LinkageWrite[][] = [];
  class Observed extends LinkageFiles {
    override write(batch: readonly LinkageWrite[]) {
      batches.push([...batch]);
      return super.write(batch);
    }
  }
  const linkage = linkageStoreOver(new Observed(path));
  opened.push(linkage);
  return { linkage, batches };
}

const secret = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const level = (n: number) => ({ kind: 'level' as const, level: ((n % 4) + 1) as 1 | 2 | 3 | 4 });
const code = (reason: unknown): unknown => (reason as { code?: unknown }).code;

/** Tokens actually in a round's file, read with a connection of its own. */
function tokensOnDisk(roundId: string): Set<string> {
  const db = new Database(join(dir, 'linkage', `${roundId}.round`), { readonly: true, fileMustExist: true });
  try {
    return new Set((db.prepare('SELECT token FROM answers').all() as { token: string }[]).map((r) => r.token));
  } finally {
    db.close();
  }
}

it('writes the answers that arrive together in one batch, the same person twice in order', async () => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-batch-'));
  const { linkage, batches } = observed(join(dir, 'linkage'));
  await linkage.create('r1', secret(1));
  const puts = Array.from({ length: 40 }, (_, i) => linkage.put('r1', `tok-${i}`, level(i)));
  // One person clicks twice and then opens the form: each change sees the one before it.
  const twice = [
    linkage.put('r1', 'tok-twice', { kind: 'level', level: 2 }),
    linkage.put('r1', 'tok-twice', { kind: 'level', level: 4 }),
    linkage.put('r1', 'tok-twice', { kind: 'form', answer: { ratings: { ambition: 5 } } }),
  ];
  await Promise.all(puts);
  expect((await Promise.all(twice)).map((r) => [r.created, r.answer.level])).toEqual([
    [true, 2],
    [false, 4],
    [false, 4],
  ]);
  expect(batches).toHaveLength(1);
  expect(batches[0]).toHaveLength(43);
  expect(await linkage.count('r1')).toBe(41);
  expect(await linkage.get('r1', 'tok-twice')).toEqual({ level: 4, ratings: { ambition: 5 } });
});

it('fails only the sealed round’s answers in a batch that also holds another round’s', async () => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-batch-'));
  const { linkage, batches } = observed(join(dir, 'linkage'));
  const other = openLinkageStore(join(dir, 'linkage'));
  opened.push(other);
  await linkage.create('r1', secret(1));
  await linkage.create('r2', secret(2));
  await linkage.put('r1', 'early', level(0));
  // Another process closes r1 while answers for both rounds are on their way.
  await other.seal('r1');
  const writes = [
    { round: 'r2', token: 'a' },
    { round: 'r1', token: 'b' },
    { round: 'r2', token: 'c' },
    { round: 'r1', token: 'early', withdraw: true },
    { round: 'r2', token: 'd' },
  ];
  const results = await Promise.allSettled(writes.map((w) => (w.withdraw ? linkage.withdraw(w.round, w.token) : linkage.put(w.round, w.token, level(1)))));
  expect(batches.at(-1)).toHaveLength(5);
  expect(results.map((r) => (r.status === 'fulfilled' ? 'ok' : code(r.reason)))).toEqual(['ok', 'round_not_open', 'ok', 'round_not_open', 'ok']);
  expect(tokensOnDisk('r2')).toEqual(new Set(['a', 'c', 'd']));
  expect(tokensOnDisk('r1')).toEqual(new Set(['early']));
});

it('fails a refused form alone: the answers beside it in the batch are kept', async () => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-batch-'));
  const { linkage, batches } = observed(join(dir, 'linkage'));
  await linkage.create('r1', secret(1));
  const results = await Promise.allSettled([
    linkage.put('r1', 'a', level(0)),
    linkage.put('r1', 'no-level', { kind: 'form', answer: { ratings: {}, comment: 'zonder stand' } }),
    linkage.put('r1', 'b', level(2)),
  ]);
  expect(batches).toHaveLength(1);
  expect(results.map((r) => (r.status === 'fulfilled' ? 'ok' : code(r.reason)))).toEqual(['ok', 'level_out_of_range', 'ok']);
  expect(tokensOnDisk('r1')).toEqual(new Set(['a', 'b']));
});

it('fails every answer of a file whose write failed, keeps none of them, and leaves the other files’ answers alone', async () => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-batch-'));
  const { linkage, batches } = observed(join(dir, 'linkage'));
  await linkage.create('r1', secret(1));
  await linkage.create('r2', secret(2));
  await linkage.put('r1', 'before', level(0));
  // r1's file fails part-way through the batch, as a full or failing disk would: the
  // write of the third answer breaks off with an error that is no refusal of the round.
  const saboteur = new Database(join(dir, 'linkage', 'r1.round'));
  saboteur.exec(`CREATE TRIGGER fail BEFORE INSERT ON answers WHEN NEW.token = 'r1-2' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
  saboteur.close();

  const tokens = Array.from({ length: 6 }, (_, i) => [`r1-${i}`, `r2-${i}`]).flat();
  const results = await Promise.allSettled(tokens.map((token) => linkage.put(token.slice(0, 2), token, level(3))));
  expect(batches.at(-1)).toHaveLength(12);
  const acknowledged = tokens.filter((_, i) => results[i]?.status === 'fulfilled');
  expect(acknowledged).toEqual(tokens.filter((t) => t.startsWith('r2')));
  for (const [i, token] of tokens.entries()) {
    const result = results[i];
    if (token.startsWith('r1') && result?.status === 'rejected') expect(String(result.reason)).toMatch(/disk I\/O error/);
  }
  // Nothing of the failed file's batch is there, and everything acknowledged is.
  expect(tokensOnDisk('r1')).toEqual(new Set(['before']));
  expect(tokensOnDisk('r2')).toEqual(new Set(acknowledged));

  // The file is not broken: once the disk works again, r1 takes answers.
  const repair = new Database(join(dir, 'linkage', 'r1.round'));
  repair.exec('DROP TRIGGER fail');
  repair.close();
  expect((await linkage.put('r1', 'r1-2', level(1))).created).toBe(true);
});
