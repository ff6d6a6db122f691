/**
 * What destroying a round's linkage does to its files (promise 1), seen from outside the
 * store: every byte of the round's files is zero before they go — read back through a
 * second name of the same file, as a copy of the disk would see it — and no handle on
 * them stays open. And a file that holds no round is no linkage.
 */
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkageFiles, merge, type LinkageWrite } from '../../src/store/linkage/files.ts';
import type { AnswerChange } from '../../src/core/linkage-port.ts';

/** One change on its own, as a batch of one; fails the test when the file refuses it. */
function writeOne(files: LinkageFiles, write: LinkageWrite): void {
  const [outcome] = files.write([write]);
  if (!outcome) throw new Error('no outcome');
  if (!outcome.ok) throw outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
}
const put = (files: LinkageFiles, roundId: string, token: string, change: AnswerChange): void => writeOne(files, { op: 'put', roundId, token, change });
const withdraw = (files: LinkageFiles, roundId: string, token: string): void => writeOne(files, { op: 'withdraw', roundId, token });

let dir: string;
let files: LinkageFiles | undefined;
afterEach(() => {
  files?.close();
  files = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function fresh(): { linkage: string; keep: string; files: LinkageFiles } {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-linkage-'));
  const linkage = join(dir, 'linkage');
  const keep = join(dir, 'keep');
  mkdirSync(keep);
  files = new LinkageFiles(linkage);
  return { linkage, keep, files };
}

/** Paths this process holds open (Linux), to see whether any still points at a round's files. */
function openPaths(): string[] {
  if (!existsSync('/proc/self/fd')) return [];
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return [];
    }
  });
}

describe('destroying a round\'s linkage', () => {
  it('overwrites every byte of the round\'s files with zeros, however large, before they go', () => {
    const { linkage, keep, files } = fresh();
    files.create('r1', new Uint8Array(32).fill(7));
    // Long comments, some replaced and withdrawn: a file well over the 64 KiB zeroed at a time.
    for (let i = 0; i < 120; i += 1) put(files, 'r1', `token-${i}`, { kind: 'form', answer: { level: 2, ratings: {}, comment: `opmerking ${i} `.repeat(60) } });
    for (let i = 0; i < 20; i += 1) withdraw(files, 'r1', `token-${i}`);
    // Copy the WAL into the file now, so the file keeps its size through the close in destroy.
    const probe = new Database(join(linkage, 'r1.round'), { fileMustExist: true });
    probe.pragma('wal_checkpoint(FULL)');
    probe.close();
    const names = readdirSync(linkage).filter((name) => name.startsWith('r1.round'));
    expect(names).toEqual(expect.arrayContaining(['r1.round', 'r1.round-wal']));
    for (const name of names) linkSync(join(linkage, name), join(keep, name));
    const size = statSync(join(keep, 'r1.round')).size;
    expect(size).toBeGreaterThan(2 * 64 * 1024);

    files.destroy('r1');

    expect(readdirSync(linkage).filter((name) => name.startsWith('r1.'))).toEqual([]);
    expect(statSync(join(keep, 'r1.round')).size).toBe(size);
    for (const name of names) {
      const bytes = readFileSync(join(keep, name));
      expect(bytes.some((b) => b !== 0), name).toBe(false);
    }
  });

  it('leaves no handle open on the round\'s files', () => {
    const { linkage, files } = fresh();
    files.create('r1', new Uint8Array(32).fill(1));
    put(files, 'r1', 'token', { kind: 'level', level: 3 });
    const mine = () => openPaths().filter((path) => path.startsWith(join(linkage, 'r1.round')));
    if (existsSync('/proc/self/fd')) expect(mine().length).toBeGreaterThan(0);
    files.destroy('r1');
    expect(mine()).toEqual([]);
  });
  it('stops before zeroing anything when one of the round\'s files cannot be opened, so the round stays whole', () => {
    const { linkage, files } = fresh();
    files.create('r1', new Uint8Array(32).fill(2));
    put(files, 'r1', 'token', { kind: 'level', level: 4 });
    // A directory where the rollback journal would be: opening it fails, and not because it is missing.
    mkdirSync(join(linkage, 'r1.round-journal'));
    expect(() => files.destroy('r1')).toThrow(/EISDIR/);
    expect(files.secret('r1')).toEqual(new Uint8Array(32).fill(2));
    expect(files.count('r1')).toBe(1);
  });
});

describe('a file without a round', () => {
  it('is no linkage: no secret, nothing to seal, not sealed', () => {
    const { linkage, files } = fresh();
    const path = join(linkage, 'r2.round');
    const db = new Database(path);
    db.exec(`
      CREATE TABLE round (only INTEGER PRIMARY KEY CHECK (only = 1), round_id TEXT NOT NULL, secret BLOB NOT NULL, sealed INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE answers (token TEXT PRIMARY KEY, answer TEXT NOT NULL) WITHOUT ROWID;
    `);
    db.close();
    expect(files.secret('r2')).toBeUndefined();
    expect(files.seal('r2', () => {
      throw new Error('a guard is only asked about a round');
    })).toBeUndefined();
    expect(files.sealed('r2')).toBe(false);
    expect(files.count('r2')).toBe(0);
  });
});

describe('the channel an answer records', () => {
  it('is the last channel the person acted in, stays when a change names none, and is absent when none was ever named', () => {
    const clicked = merge(undefined, { kind: 'level', level: 2, channel: 'key-oost' });
    expect(clicked).toStrictEqual({ ratings: {}, level: 2, channel: 'key-oost' });
    const fromDm = merge(clicked, { kind: 'form', answer: { ratings: { ambition: 3 } } });
    expect(fromDm).toStrictEqual({ ratings: { ambition: 3 }, level: 2, channel: 'key-oost' });
    expect(merge(fromDm, { kind: 'level', level: 4, channel: 'key-west' })).toStrictEqual({ ratings: { ambition: 3 }, level: 4, channel: 'key-west' });
    expect(merge(undefined, { kind: 'level', level: 1 })).toStrictEqual({ ratings: {}, level: 1 });
    expect(merge(undefined, { kind: 'form', answer: { level: 3, ratings: {} } })).toStrictEqual({ level: 3, ratings: {} });
  });
});
