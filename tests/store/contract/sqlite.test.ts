/**
 * The store contracts against the SQLite adapters: an archive file and a linkage
 * directory, both in a temporary directory. The linkage contract holds whether answers
 * are committed in the writer thread (as the bot does) or on the caller's thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLinkageStore } from '../../../src/store/linkage/index.ts';
import { openStore } from '../../../src/store/index.ts';
import type { LinkageStore } from '../../../src/core/linkage-port.ts';
import type { Store } from '../../../src/core/store-port.ts';
import { describeArchiveContract } from './archive-contract.ts';
import { describeLinkageContract } from './linkage-contract.ts';

function temporary<T extends { close(): Promise<void> }>(open: (dir: string) => T) {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'thermometer-contract-'));
    const opened: T[] = [];
    return {
      open: async () => {
        const store = open(dir);
        opened.push(store);
        return store;
      },
      async cleanup() {
        for (const store of opened) await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
}

describeArchiveContract('SQLite file', temporary<Store>((dir) => openStore(join(dir, 'archive.db'))));
describeLinkageContract('SQLite files per round', temporary<LinkageStore>((dir) => openLinkageStore(join(dir, 'linkage'))));
describeLinkageContract('SQLite files per round, committed inline', temporary<LinkageStore>((dir) => openLinkageStore(join(dir, 'linkage'), { commit: 'inline' })));
