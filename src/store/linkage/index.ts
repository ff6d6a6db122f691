/**
 * The SQLite linkage store: the linkage port over LinkageFiles (files.ts), one file per
 * open round in one directory. The directory belongs to one archive: a marker file
 * names the archive's id, so two databases pointed at the same directory cannot sweep
 * away each other's open rounds.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LinkageStore } from '../../core/linkage-port.ts';
import { LinkageFiles, type LinkageFilesOptions } from './files.ts';

export { LinkageFiles } from './files.ts';

const MARKER = 'ARCHIVE';

export interface LinkageOptions extends LinkageFilesOptions {
  /** The id of the archive this directory belongs to; checked against the marker file. */
  archiveId?: string;
}

export function openLinkageStore(dir: string, options: LinkageOptions = {}): LinkageStore {
  const files = new LinkageFiles(dir, options);
  if (options.archiveId) claimDirectory(dir, options.archiveId);
  return linkageStoreOver(files);
}

/** The port over synchronous files: each call runs at once and returns a settled promise. */
export function linkageStoreOver(files: LinkageFiles): LinkageStore {
  return {
    create: async (roundId, secret) => files.create(roundId, secret),
    secret: async (roundId) => files.secret(roundId),
    get: async (roundId, token) => files.get(roundId, token),
    put: async (roundId, token, change) => files.put(roundId, token, change),
    withdraw: async (roundId, token) => files.withdraw(roundId, token),
    count: async (roundId) => files.count(roundId),
    has: async (roundId, token) => files.has(roundId, token),
    seal: async (roundId, guard) => files.seal(roundId, guard),
    sealed: async (roundId) => files.sealed(roundId),
    destroy: async (roundId) => files.destroy(roundId),
    rounds: async () => files.rounds(),
    close: async () => files.close(),
  };
}

function claimDirectory(dir: string, archiveId: string): void {
  const marker = join(dir, MARKER);
  if (!existsSync(marker)) {
    writeFileSync(marker, `${archiveId}\n`, { mode: 0o600 });
    return;
  }
  const owner = readFileSync(marker, 'utf8').trim();
  if (owner !== archiveId) {
    throw new Error(
      `The linkage directory ${dir} belongs to another database (archive ${owner}, this one is ${archiveId}). ` +
        'Give every database its own LINKAGE_PATH.',
    );
  }
}
