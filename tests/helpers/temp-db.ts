/**
 * A real SQLite file in a fresh temporary directory, removed after the test. The
 * anonymity and durability promises are about bytes in files, so tests use files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.ts';
import type { Store } from '../../src/core/store-port.ts';

export interface TempDb {
  dir: string;
  path: string;
  open(): Store;
  /** Closes every store opened here and deletes the directory. */
  cleanup(): void;
}

export function tempDb(name = 'thermometer.db'): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'thermometer-test-'));
  const path = join(dir, name);
  const opened: Store[] = [];
  return {
    dir,
    path,
    open() {
      const store = openStore(path);
      opened.push(store);
      return store;
    },
    cleanup() {
      for (const store of opened) store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
