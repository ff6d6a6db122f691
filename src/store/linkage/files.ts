/**
 * The linkage of open rounds in SQLite, synchronously: one small file per open round in
 * the linkage directory, holding the round secret, the participation tokens and the
 * round's answers keyed by token — and nothing else. Closing a round seals its file,
 * and destroying it overwrites every byte of the file (and of its -wal, -shm and
 * -journal) with zeros before unlinking it.
 *
 * What destroying cannot reach: copies made while the round was open (backups or
 * snapshots of this directory — it must never be backed up), and blocks the filesystem
 * or an SSD's controller moved elsewhere (copy-on-write filesystems, wear levelling,
 * journalling of data). Those are below what a program can overwrite.
 *
 * Answers are written in batches (`write`): one transaction and one sync per round file
 * for all the changes that came in together (group commit, see ../group-commit.ts).
 *
 * A file is opened with `fileMustExist` for everything but `create`, so a late click
 * after close can never bring a round's linkage back. The seal flag is checked inside
 * every write transaction, so once sealed nothing changes, also from another process
 * (or thread) sharing the directory. Connections are kept in a small LRU so a thousand
 * open rounds do not exhaust file descriptors; closing an idle connection is always safe.
 */
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, chmodSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Answer } from '../../core/answer.ts';
import { DomainError, isDomainError } from '../../core/errors.ts';
import type { AnswerChange, PutReceipt } from '../../core/linkage-port.ts';
import type { Outcome } from '../group-commit.ts';

/** Round ids are base64url; anything else never names a file. */
const ROUND_ID = /^[A-Za-z0-9_-]{1,128}$/;
const EXTENSION = '.round';
const FILE_NAME = /^([A-Za-z0-9_-]{1,128})\.round(?:-wal|-shm|-journal)?$/;
/** The database file last, so an interrupted destroy still lists the round. */
const UNLINK_ORDER = ['-wal', '-shm', '-journal', ''] as const;
const ZEROS = Buffer.alloc(64 * 1024);

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS round (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    round_id TEXT NOT NULL,
    secret BLOB NOT NULL,
    sealed INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS answers (
    token TEXT PRIMARY KEY,
    answer TEXT NOT NULL
  ) WITHOUT ROWID;
`;

export interface LinkageFilesOptions {
  /** Connections kept open at most (least recently used ones are closed). */
  maxOpen?: number;
  /** How long a write waits for another process's lock, in ms. */
  busyTimeoutMs?: number;
}

/** One change of a batch: an answer put or withdrawn behind a token. */
export type LinkageWrite = { op: 'put'; roundId: string; token: string; change: AnswerChange } | { op: 'withdraw'; roundId: string; token: string };

/** A put's answer, whether it is new and the count after its batch; a withdrawal's whether there was one. */
export type PutResult = PutReceipt;
export type WriteResult = PutResult | boolean;

interface Statements {
  state: Database.Statement<[], { secret: Buffer; sealed: number }>;
  insertRound: Database.Statement<[string, Buffer]>;
  seal: Database.Statement<[]>;
  get: Database.Statement<[string], { answer: string }>;
  upsert: Database.Statement<[string, string]>;
  remove: Database.Statement<[string]>;
  count: Database.Statement<[], { n: number }>;
  all: Database.Statement<[], { answer: string }>;
}

interface Connection {
  db: Database.Database;
  /** The file's inode when opened: a file destroyed and made again is a different file. */
  ino: number;
  s: Statements;
  /** The round secret, once read: it never changes for a file (every click asks for it). */
  secret?: Uint8Array;
}

const notOpen = (): DomainError => new DomainError('round_not_open');

export class LinkageFiles {
  private readonly connections = new Map<string, Connection>();
  private readonly maxOpen: number;
  private readonly busyTimeoutMs: number;

  constructor(
    readonly dir: string,
    options: LinkageFilesOptions = {},
  ) {
    this.maxOpen = options.maxOpen ?? 48;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    // Only the bot's own user may list or read what links answers to people.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  create(roundId: string, secret: Uint8Array): Uint8Array {
    const c = this.connection(roundId);
    if (!c) {
      // A file that is there but is no linkage is what a crash inside createFile left:
      // start again. (One round is never created by two processes at once: opening a
      // round is one job under one lease.)
      if (statSync(this.pathOf(roundId), { throwIfNoEntry: false })) this.destroy(roundId);
      return this.createFile(roundId, secret);
    }
    const state = c.db
      .transaction(() => {
        c.s.insertRound.run(roundId, Buffer.from(secret));
        return c.s.state.get();
      })
      .immediate();
    if (!state) throw new Error('linkage file has no round after creating it');
    return new Uint8Array(state.secret);
  }

  /**
   * A new round file with its schema and secret, readable by the bot's user only. It is
   * written in one transaction without syncing and then made durable with one sync of
   * each file and of the directory: a third of the syncs SQLite would do on its own, for
   * the same guarantee (a file whose creation never became durable is no linkage).
   */
  private createFile(roundId: string, secret: Uint8Array): Uint8Array {
    const path = this.pathOf(roundId);
    const db = new Database(path);
    let s: Statements;
    try {
      this.configure(db, 'OFF');
      db.transaction(() => {
        db.exec(SCHEMA);
        db.prepare('INSERT INTO round (only, round_id, secret) VALUES (1, ?, ?) ON CONFLICT DO NOTHING').run(roundId, Buffer.from(secret));
      })();
      chmodSync(path, 0o600);
      db.pragma('synchronous = FULL');
      for (const file of [path, `${path}-wal`]) syncFile(file);
      this.syncDirectory();
      s = prepare(db);
    } catch (error) {
      db.close();
      throw error;
    }
    const state = this.remember(roundId, { db, ino: statSync(path).ino, s }).s.state.get();
    if (!state) throw new Error('linkage file has no round after creating it');
    return new Uint8Array(state.secret);
  }

  secret(roundId: string): Uint8Array | undefined {
    const c = this.connection(roundId);
    if (!c) return undefined;
    if (!c.secret) {
      const state = c.s.state.get();
      if (!state) return undefined;
      c.secret = new Uint8Array(state.secret);
    }
    // A copy: what a caller does with it never reaches the one kept here.
    return new Uint8Array(c.secret);
  }

  get(roundId: string, token: string): Answer | undefined {
    const row = this.connection(roundId)?.s.get.get(token);
    return row ? (JSON.parse(row.answer) as Answer) : undefined;
  }

  /**
   * Commits a batch of changes: per round file one transaction and one sync, whatever
   * the number of changes in it. Each change gets its own outcome, in order. A change
   * the round refuses (sealed, gone, a form without a level from someone without an
   * answer) fails alone and writes nothing; anything else that goes wrong in a file —
   * a disk error, a failing commit — fails every change of that file, and none of them
   * is kept. Other files' changes are not touched by it.
   */
  write(batch: readonly LinkageWrite[]): Outcome<WriteResult>[] {
    // Stryker disable next-line ArrayDeclaration: every index is assigned below, so the initial length changes nothing.
    const outcomes: Outcome<WriteResult>[] = new Array<Outcome<WriteResult>>(batch.length);
    const byRound = new Map<string, number[]>();
    batch.forEach((w, i) => byRound.set(w.roundId, [...(byRound.get(w.roundId) ?? []), i]));
    for (const [roundId, indices] of byRound) {
      try {
        const c = this.connection(roundId);
        if (!c) {
          for (const i of indices) outcomes[i] = { ok: false, error: notOpen() };
          continue;
        }
        c.db
          .transaction(() => {
            // In the write transaction: once sealed, also by another process, nothing changes.
            const state = c.s.state.get();
            // Stryker disable next-line ConditionalExpression: a round file holds its state row from create on; without it the write fails either way.
            const open = state !== undefined && state.sealed === 0;
            for (const i of indices) {
              const w = batch[i] as LinkageWrite;
              if (!open) outcomes[i] = { ok: false, error: notOpen() };
              else outcomes[i] = refusedAlone(() => apply(c.s, w));
            }
            // One count for the batch, the one its answers are confirmed with (refusals keep none).
            // Stryker disable next-line OptionalChaining: count(*) always returns one row.
            withCount(outcomes, indices, c.s.count.get()?.n ?? 0);
          })
          .immediate();
      } catch (error) {
        // Rolled back: not one change of this file is kept, so none may be acknowledged.
        for (const i of indices) outcomes[i] = { ok: false, error };
      }
    }
    return outcomes;
  }

  count(roundId: string): number {
    // Stryker disable next-line OptionalChaining: count(*) always returns one row.
    return this.connection(roundId)?.s.count.get()?.n ?? 0;
  }

  has(roundId: string, token: string): boolean {
    return this.connection(roundId)?.s.get.get(token) !== undefined;
  }

  seal(roundId: string, guard?: (count: number) => void): Answer[] | undefined {
    const c = this.connection(roundId);
    if (!c) return undefined;
    return c.db
      .transaction(() => {
        const state = c.s.state.get();
        if (!state) return undefined;
        // In the same write transaction as the seal: no answer can slip in between.
        // Stryker disable next-line OptionalChaining: count(*) always returns one row.
        if (state.sealed === 0 && guard) guard(c.s.count.get()?.n ?? 0);
        c.s.seal.run();
        return c.s.all.all().map((row) => JSON.parse(row.answer) as Answer);
      })
      .immediate();
  }

  sealed(roundId: string): boolean {
    return this.connection(roundId)?.s.state.get()?.sealed === 1;
  }

  /**
   * Overwrites the round's files with zeros, syncs them, and unlinks them. Each file is
   * held open first: closing the last SQLite connection folds the WAL back and deletes
   * it, and its bytes are zeroed through our descriptor even after that.
   */
  destroy(roundId: string): void {
    const base = this.pathOf(roundId);
    const held: number[] = [];
    for (const suffix of UNLINK_ORDER) {
      try {
        held.push(openSync(base + suffix, 'r+'));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    try {
      const cached = this.connections.get(roundId);
      if (cached) {
        this.connections.delete(roundId);
        cached.db.close();
      }
      for (const fd of held) {
        zeroFile(fd);
        fsyncSync(fd);
      }
    } finally {
      for (const fd of held) closeSync(fd);
    }
    for (const suffix of UNLINK_ORDER) {
      try {
        unlinkSync(base + suffix);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    this.syncDirectory();
  }

  /** Closes this instance's connection to a round file, if it has one; the file stays. */
  forget(roundId: string): void {
    const cached = this.connections.get(roundId);
    if (!cached) return;
    this.connections.delete(roundId);
    cached.db.close();
  }

  rounds(): string[] {
    const ids = new Set<string>();
    for (const name of readdirSync(this.dir)) {
      const match = FILE_NAME.exec(name);
      if (match?.[1]) ids.add(match[1]);
    }
    return [...ids].sort();
  }

  /**
   * The upgrade from an archive that still held the linkage: the round's secret and its
   * answers by token, written durably in one transaction. Safe to run again.
   */
  importRound(roundId: string, secret: Uint8Array, answers: { token: string; answer: Answer }[]): void {
    const inForce = this.create(roundId, secret);
    if (!Buffer.from(inForce).equals(Buffer.from(secret))) throw new Error(`linkage of round ${roundId} has another secret than the archive`);
    const c = this.writable(roundId);
    c.db.transaction(() => {
      for (const { token, answer } of answers) c.s.upsert.run(token, JSON.stringify(answer));
    })();
  }

  /**
   * Everything of one round, tokens included, for moving it to another linkage store
   * (`npm run migrate-store`); undefined when the round has no linkage here.
   */
  exportRound(roundId: string): { secret: Uint8Array; sealed: boolean; answers: { token: string; answer: Answer }[] } | undefined {
    const c = this.connection(roundId);
    const state = c?.s.state.get();
    if (!c || !state) return undefined;
    const answers = c.db.prepare<[], { token: string; answer: string }>('SELECT token, answer FROM answers').all();
    return { secret: new Uint8Array(state.secret), sealed: state.sealed === 1, answers: answers.map((row) => ({ token: row.token, answer: JSON.parse(row.answer) as Answer })) };
  }

  close(): void {
    for (const conn of this.connections.values()) conn.db.close();
    this.connections.clear();
  }

  private pathOf(roundId: string): string {
    if (!ROUND_ID.test(roundId)) throw new Error('round id cannot name a linkage file');
    return join(this.dir, roundId + EXTENSION);
  }

  private writable(roundId: string): Connection {
    const c = this.connection(roundId);
    if (!c) throw notOpen();
    return c;
  }

  /** The open connection to an existing round file; undefined when there is none. */
  private connection(roundId: string): Connection | undefined {
    const path = this.pathOf(roundId);
    const stat = statSync(path, { throwIfNoEntry: false });
    const cached = this.connections.get(roundId);
    if (cached) {
      this.connections.delete(roundId);
      if (stat && stat.ino === cached.ino) {
        this.connections.set(roundId, cached);
        return cached;
      }
      // Destroyed (by another process), or destroyed and made anew: not this file any more.
      cached.db.close();
    }
    if (!stat) return undefined;
    let db: Database.Database;
    try {
      db = new Database(path, { fileMustExist: true });
    } catch (error) {
      if (error instanceof Database.SqliteError && error.code === 'SQLITE_CANTOPEN') return undefined;
      throw error;
    }
    let s: Statements;
    try {
      this.configure(db);
      s = prepare(db);
    } catch {
      // A file whose creation never committed (a crash inside create): no linkage yet.
      db.close();
      return undefined;
    }
    return this.remember(roundId, { db, ino: stat.ino, s });
  }

  /** Keeps a connection as the most recently used, closing the least recently used ones beyond the limit. */
  private remember(roundId: string, conn: Connection): Connection {
    this.connections.set(roundId, conn);
    while (this.connections.size > this.maxOpen) {
      const [oldest, idle] = this.connections.entries().next().value as [string, Connection];
      this.connections.delete(oldest);
      idle.db.close();
    }
    return conn;
  }

  private configure(db: Database.Database, synchronous: 'FULL' | 'OFF' = 'FULL'): void {
    // FULL: an acknowledged answer is on disk, even after a power cut.
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('journal_mode = WAL');
    // A withdrawn or replaced answer is overwritten in the file, not just freed.
    db.pragma('secure_delete = ON');
    db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
  }

  private syncDirectory(): void {
    const fd = openSync(this.dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

function prepare(db: Database.Database): Statements {
  return {
    state: db.prepare('SELECT secret, sealed FROM round WHERE only = 1'),
    insertRound: db.prepare('INSERT INTO round (only, round_id, secret) VALUES (1, ?, ?) ON CONFLICT DO NOTHING'),
    seal: db.prepare('UPDATE round SET sealed = 1 WHERE only = 1'),
    get: db.prepare('SELECT answer FROM answers WHERE token = ?'),
    upsert: db.prepare('INSERT INTO answers (token, answer) VALUES (?, ?) ON CONFLICT (token) DO UPDATE SET answer = excluded.answer'),
    remove: db.prepare('DELETE FROM answers WHERE token = ?'),
    count: db.prepare('SELECT count(*) AS n FROM answers'),
    all: db.prepare('SELECT answer FROM answers'),
  };
}

/** One change inside its file's write transaction; a put's count is set for the whole batch (withCount). */
function apply(s: Statements, w: LinkageWrite): WriteResult {
  if (w.op === 'withdraw') return s.remove.run(w.token).changes > 0;
  const row = s.get.get(w.token);
  const current = row ? (JSON.parse(row.answer) as Answer) : undefined;
  // merge refuses before anything is written, so a refused change leaves no trace.
  const answer = merge(current, w.change);
  s.upsert.run(w.token, JSON.stringify(answer));
  return { answer, created: current === undefined, count: 0 };
}

/** Gives every recorded put of a round's batch the round's count after the batch. */
function withCount(outcomes: Outcome<WriteResult>[], indices: readonly number[], count: number): void {
  for (const i of indices) {
    const outcome = outcomes[i];
    // Stryker disable next-line OptionalChaining: every change of the batch has its outcome by now.
    if (outcome?.ok && typeof outcome.value === 'object') outcome.value.count = count;
  }
}

/** A refusal of this change alone (a DomainError); any other error fails the whole transaction. */
function refusedAlone(fn: () => WriteResult): Outcome<WriteResult> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (isDomainError(error)) return { ok: false, error };
    throw error;
  }
}

/**
 * The answer after a change: a click keeps the rest; a form keeps only the level when it
 * has none. The channel is the last one the person acted in, or stays when a change
 * names none (an answer from a direct message).
 */
export function merge(current: Answer | undefined, change: AnswerChange): Answer {
  const channel = change.channel ?? current?.channel;
  const inChannel = channel === undefined ? {} : { channel };
  if (change.kind === 'level') return { ...(current ?? { ratings: {} }), level: change.level, ...inChannel };
  const level = change.answer.level ?? current?.level;
  // The same refusal validateAnswer gives a form without a level.
  if (level === undefined) throw new DomainError('level_out_of_range');
  return { ...change.answer, level, ...inChannel };
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function zeroFile(fd: number): void {
  const size = fstatSync(fd).size;
  // Stryker disable next-line EqualityOperator: one more turn at `at = size` writes nothing.
  for (let at = 0; at < size; at += ZEROS.length) writeSync(fd, ZEROS, 0, Math.min(ZEROS.length, size - at), at);
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}
