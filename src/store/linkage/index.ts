/**
 * The SQLite linkage store: the linkage port over LinkageFiles (files.ts), one file per
 * open round in one directory. The directory belongs to one archive: a marker file
 * names the archive's id, so two databases pointed at the same directory cannot sweep
 * away each other's open rounds.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LinkageStore } from '../../core/linkage-port.ts';
import { GroupCommit, type GroupCommitOptions } from '../group-commit.ts';
import { LinkageFiles, type LinkageFilesOptions, type LinkageWrite, type PutResult, type WriteResult } from './files.ts';
import { LinkageWriter } from './writer.ts';

export { LinkageFiles } from './files.ts';

const MARKER = 'ARCHIVE';

export interface LinkageOptions extends LinkageFilesOptions, GroupCommitOptions {
  /** The id of the archive this directory belongs to; checked against the marker file. */
  archiveId?: string;
  /**
   * Where batches of answers are committed: in a worker thread of their own (writer.ts)
   * started on the first write (`thread`, the default) or at once (`thread-now`: the
   * first answers need not wait for it to start), or on the caller's thread (`inline`).
   */
  commit?: 'thread' | 'thread-now' | 'inline';
}

export function openLinkageStore(dir: string, options: LinkageOptions = {}): LinkageStore {
  const files = new LinkageFiles(dir, options);
  if (options.archiveId) claimDirectory(dir, options.archiveId);
  const { maxOpen, busyTimeoutMs } = options;
  const writer = options.commit === 'inline' ? undefined : new LinkageWriter(dir, { ...(maxOpen ? { maxOpen } : {}), ...(busyTimeoutMs ? { busyTimeoutMs } : {}) });
  if (options.commit === 'thread-now') writer?.start();
  return linkageStoreOver(files, { ...options, ...(writer ? { writer } : {}) });
}

/**
 * The port over the files. Answers are group-committed (../group-commit.ts): puts and
 * withdrawals that arrive close together share one transaction and one sync per round
 * file, and each resolves once its own change is durable — committed by `writer`'s
 * thread when given, else on this one. Everything else runs at once on this thread.
 */
export function linkageStoreOver(files: LinkageFiles, options: GroupCommitOptions & { writer?: LinkageWriter } = {}): LinkageStore {
  const { writer } = options;
  const writes = new GroupCommit<LinkageWrite, WriteResult>((batch) => (writer ? writer.write(batch) : files.write(batch)), options);
  return {
    create: async (roundId, secret) => files.create(roundId, secret),
    secret: async (roundId) => files.secret(roundId),
    get: async (roundId, token) => files.get(roundId, token),
    put: async (roundId, token, change) => (await writes.submit({ op: 'put', roundId, token, change })) as PutResult,
    withdraw: async (roundId, token) => (await writes.submit({ op: 'withdraw', roundId, token })) as boolean,
    count: async (roundId) => files.count(roundId),
    has: async (roundId, token) => files.has(roundId, token),
    seal: async (roundId, guard) => files.seal(roundId, guard),
    sealed: async (roundId) => files.sealed(roundId),
    destroy: async (roundId) => {
      // The writer's connection first: no thread keeps the file open while it is zeroed.
      await writer?.forget(roundId);
      files.destroy(roundId);
    },
    rounds: async () => files.rounds(),
    close: async () => {
      await writes.drained();
      await writer?.close();
      files.close();
    },
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
