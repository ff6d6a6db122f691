/**
 * A real SQLite archive file and its linkage directory in a fresh temporary directory,
 * removed after the test. The anonymity and durability promises are about bytes in
 * files, so tests use files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, openStores, type Stores } from '../../src/store/index.ts';
import type { Store } from '../../src/core/store-port.ts';

export interface TempDb {
  dir: string;
  path: string;
  /** The linkage directory (the default one, `linkage/` next to the archive). */
  linkagePath: string;
  /** The archive alone. */
  open(): Store;
  /** The archive and its linkage store, as the bot opens them. */
  openBoth(): Stores;
  /** Closes every store opened here and deletes the directory. */
  cleanup(): Promise<void>;
}

export function tempDb(name = 'thermometer.db'): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'thermometer-test-'));
  const path = join(dir, name);
  const opened: { close(): Promise<void> }[] = [];
  return {
    dir,
    path,
    linkagePath: join(dir, 'linkage'),
    open() {
      const store = openStore(path);
      opened.push(store);
      return store;
    },
    openBoth() {
      const stores = openStores(path);
      opened.push(stores);
      return stores;
    },
    async cleanup() {
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
