/**
 * Opening the stores: the archive and the linkage store of open rounds. On SQLite (the
 * default) the archive is a file (src/store/sqlite) and the linkage lives in its own
 * directory (src/store/linkage) — by default `linkage/` next to the archive file, or
 * LINKAGE_PATH; an in-memory archive (quick tests) gets a fresh temporary linkage
 * directory that is removed on close. On PostgreSQL (DATABASE_URL) the archive is the
 * database (src/store/postgres) and the linkage its unlogged tables
 * (src/store/postgres-linkage), over one pool.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LinkageStore } from '../core/linkage-port.ts';
import type { Store } from '../core/store-port.ts';
import { LinkageFiles, openLinkageStore, type LinkageOptions } from './linkage/index.ts';
import { isFileDatabase, type DatabaseOptions } from './sqlite/database.ts';
import { openSqliteArchive } from './sqlite/index.ts';
import { openPostgresArchive, type PostgresOptions } from './postgres/index.ts';
import { openPostgresLinkage } from './postgres-linkage/index.ts';

export type { Store } from '../core/store-port.ts';
export type { LinkageStore } from '../core/linkage-port.ts';

export interface StoreOptions extends Omit<DatabaseOptions, 'linkage'> {
  /** The linkage directory; default `linkage/` next to the database file. */
  linkagePath?: string;
  /** Where answers are committed (see LinkageOptions); the bot starts the writer thread at once. */
  commit?: LinkageOptions['commit'];
}

/** The archive and its linkage store, on either engine. */
export interface OpenStores {
  store: Store;
  linkage: LinkageStore;
  close(): Promise<void>;
}

export interface Stores extends OpenStores {
  linkagePath: string;
}

/** Where the linkage of a database lives, unless configured: `linkage/` beside the file. */
export function defaultLinkagePath(databasePath: string): string | undefined {
  return isFileDatabase(databasePath) ? join(dirname(databasePath), 'linkage') : undefined;
}

/** The archive alone (scripts, tests); an upgrade still moves open rounds' linkage to its directory. */
export function openStore(databasePath: string, options: StoreOptions = {}): Store {
  const linkagePath = options.linkagePath ?? defaultLinkagePath(databasePath);
  let files: LinkageFiles | undefined;
  try {
    return openSqliteArchive(databasePath, { ...options, ...(linkagePath ? { linkage: () => (files ??= new LinkageFiles(linkagePath)) } : {}) }).store;
  } finally {
    files?.close();
  }
}

/** The archive and its linkage store, as the bot runs them. */
export function openStores(databasePath: string, options: StoreOptions = {}): Stores {
  const configured = options.linkagePath ?? defaultLinkagePath(databasePath);
  const temporary = configured === undefined ? mkdtempSync(join(tmpdir(), 'thermometer-linkage-')) : undefined;
  const linkagePath = configured ?? temporary ?? '';
  let files: LinkageFiles | undefined;
  let archive;
  try {
    archive = openSqliteArchive(databasePath, { ...options, linkage: () => (files ??= new LinkageFiles(linkagePath)) });
  } finally {
    files?.close();
  }
  const { store } = archive;
  let linkage: LinkageStore;
  try {
    linkage = openLinkageStore(linkagePath, { archiveId: archive.archiveId, ...(options.commit ? { commit: options.commit } : {}) });
  } catch (error) {
    void store.close();
    throw error;
  }
  return {
    store,
    linkage,
    linkagePath,
    async close() {
      await linkage.close();
      await store.close();
      if (temporary) rmSync(temporary, { recursive: true, force: true });
    },
  };
}

/** The archive and its linkage on PostgreSQL: one pool, migrated once across replicas. */
export async function openPostgresStores(url: string, options: PostgresOptions = {}): Promise<OpenStores> {
  const archive = await openPostgresArchive(url, options);
  let linkage: LinkageStore;
  try {
    linkage = await openPostgresLinkage(archive.pool, { archiveId: archive.archiveId });
  } catch (error) {
    await archive.store.close();
    throw error;
  }
  return {
    store: archive.store,
    linkage,
    async close() {
      await linkage.close();
      await archive.store.close();
    },
  };
}
