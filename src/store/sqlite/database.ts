/**
 * Opening the SQLite file with the pragmas the promises rest on, and migrating it.
 * Kept apart from the repositories so tests can check the connection itself.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { LinkageFiles } from '../linkage/files.ts';
import { migrate } from './migrations.ts';

export interface DatabaseOptions {
  /**
   * How long a call waits for another connection's lock, in ms. The default stays under
   * Slack's three-second deadline, so a locked database gets a polite "try again"
   * rather than a timeout.
   */
  busyTimeoutMs?: number;
  /** The linkage directory, for the upgrade of an archive that still holds open rounds' linkage. */
  linkage?: () => LinkageFiles;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 2500;

export function isFileDatabase(path: string): boolean {
  return path !== ':memory:' && !path.startsWith('file:');
}

export function openDatabase(path: string, options: DatabaseOptions = {}): Database.Database {
  if (isFileDatabase(path)) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a commit the bot reported is on disk, even after a power cut.
    db.pragma('synchronous = FULL');
    // Deleted rows are overwritten with zeros, not just freed.
    db.pragma('secure_delete = ON');
    // VACUUM builds its copy in memory, not in a temporary file that would keep old bytes.
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    migrate(db, undefined, options.linkage ? { linkage: options.linkage } : {});
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
