/**
 * Opening the stores: the archive (src/store/sqlite) and the linkage store of open
 * rounds (src/store/linkage), which lives in its own directory — by default `linkage/`
 * next to the archive file, or LINKAGE_PATH. An in-memory archive (quick tests) gets a
 * fresh temporary linkage directory that is removed on close.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LinkageStore } from '../core/linkage-port.ts';
import type { Store } from '../core/store-port.ts';
import { LinkageFiles, openLinkageStore } from './linkage/index.ts';
import { isFileDatabase, type DatabaseOptions } from './sqlite/database.ts';
import { openSqliteArchive } from './sqlite/index.ts';

export type { Store } from '../core/store-port.ts';
export type { LinkageStore } from '../core/linkage-port.ts';

export interface StoreOptions extends Omit<DatabaseOptions, 'linkage'> {
  /** The linkage directory; default `linkage/` next to the database file. */
  linkagePath?: string;
}

export interface Stores {
  store: Store;
  linkage: LinkageStore;
  linkagePath: string;
  close(): Promise<void>;
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
    linkage = openLinkageStore(linkagePath, { archiveId: archive.archiveId });
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
