/**
 * Opening the SQLite file with the pragmas the promises rest on, and migrating it.
 * Kept apart from the repositories so tests can check the connection itself.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';

export interface DatabaseOptions {
  /** How long a write waits for another connection's lock, in ms. */
  busyTimeoutMs?: number;
}

export function openDatabase(path: string, options: DatabaseOptions = {}): Database.Database {
  if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a commit the bot reported is on disk, even after a power cut.
    db.pragma('synchronous = FULL');
    // Deleted answers, tokens and secrets are overwritten with zeros, not just freed.
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
