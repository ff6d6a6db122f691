/**
 * The attacker's search for a link between people and answers: every stored value —
 * every blob and text cell of every table, every 32-byte window of the raw files, every
 * configured secret — tried as the HMAC key over each person's "platform:workspace:user",
 * and each resulting token looked for anywhere in the bytes the attacker holds.
 */
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { userKey, type UserRef } from '../../src/core/network.ts';

const KEY_BYTES = 32;
const TOKEN_CHARS = 43;

/** The raw files of a database (file, -wal, -shm, -journal) that exist. */
export function databaseFiles(path: string): string[] {
  return [path, `${path}-wal`, `${path}-shm`, `${path}-journal`].filter((p) => existsSync(p));
}

/** Every regular file in a directory. */
export function directoryFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((name) => join(dir, name)).filter((p) => statSync(p).isFile());
}

/** Every blob and text cell of every table of a SQLite database. */
export function storedValues(path: string): Buffer[] {
  const conn = new Database(path);
  try {
    const tables = (conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    const values: Buffer[] = [];
    for (const table of tables) {
      for (const row of conn.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]) {
        for (const cell of row) {
          if (Buffer.isBuffer(cell)) values.push(cell);
          else if (typeof cell === 'string') values.push(Buffer.from(cell, 'utf8'));
        }
      }
    }
    return values;
  } finally {
    conn.close();
  }
}

/** Every distinct 32-byte window of the files, skipping windows of zeros only. */
export function keyWindows(files: string[]): Buffer[] {
  const seen = new Set<string>();
  const windows: Buffer[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    for (let at = 0; at + KEY_BYTES <= bytes.length; at += 1) {
      const window = bytes.subarray(at, at + KEY_BYTES);
      if (window.every((b) => b === 0)) continue;
      const key = window.toString('latin1');
      if (seen.has(key)) continue;
      seen.add(key);
      windows.push(Buffer.from(window));
    }
  }
  return windows;
}

/** Every 43-character run of base64url text in the bytes: every place a token could be written. */
export function tokenShapedStrings(bytes: Buffer): Set<string> {
  const found = new Set<string>();
  const text = bytes.toString('latin1');
  for (const match of text.matchAll(/[A-Za-z0-9_-]{43,}/g)) {
    for (let at = 0; at + TOKEN_CHARS <= match[0].length; at += 1) found.add(match[0].slice(at, at + TOKEN_CHARS));
  }
  return found;
}

/** Voters whose token, computed with some candidate key, appears in the haystack. */
export function linkableVoters(keys: Buffer[], voters: UserRef[], haystack: Set<string>): string[] {
  const linked = new Set<string>();
  for (const key of keys) {
    for (const voter of voters) {
      const token = createHmac('sha256', key).update(userKey(voter)).digest('base64url');
      if (haystack.has(token)) linked.add(voter.user);
    }
  }
  return [...linked];
}
