/**
 * Keeping the two stores clean after anything that can go wrong: the archive's owed
 * compaction and checkpoint, and linkage that no round needs any more. Runs at start-up
 * and on every scheduler tick, and costs a directory listing when nothing is owed.
 *
 * Checkpoints are checked: one that a reader (a backup tool, an `sqlite3` shell, a
 * second process) kept from completing is owed, retried on every tick, and warned
 * about while blocked, because until it completes the write-ahead log may still hold
 * what an erase or purge deleted.
 */
import type { AppContext } from './context.ts';

const FULL_SWEEP_MS = 3_600_000;

export interface ArchiveHygiene {
  /** Right after an erase or purge committed: compact now; a blocked checkpoint is owed. */
  compactNow(): Promise<void>;
  /** An owed compaction or checkpoint, if any. */
  tidy(): Promise<void>;
}

export interface RecoveryUseCases {
  /**
   * Finishes what a crash left: the archive's owed compaction or checkpoint, and the
   * linkage of rounds that are closed, skipped or gone (destroyed). Returns the rounds
   * still open whose linkage is sealed — a close that stopped half-way — for the caller
   * to close under the round's close lease. Those are looked for at the first call and
   * then hourly (it opens every open round's linkage).
   */
  recover(): Promise<string[]>;
}

export function createArchiveHygiene(ctx: AppContext): ArchiveHygiene {
  const { store, log } = ctx;
  // At start-up the log may hold anything a crash left in it.
  let checkpointOwed = true;

  const checked = (completed: boolean): void => {
    checkpointOwed = !completed;
    if (!completed) log.warn('archive checkpoint blocked by a reader; retried on the next tick', {});
  };

  const compactNow = async (): Promise<void> => checked(await store.compact());

  return {
    compactNow,
    async tidy() {
      if (await store.maintenance.compactionOwed()) return compactNow();
      if (checkpointOwed) checked(await store.checkpoint());
    },
  };
}

export function createRecoveryUseCases(ctx: AppContext, hygiene: ArchiveHygiene): RecoveryUseCases {
  const { store, linkage, clock, log } = ctx;
  let lastFullSweep = Number.NEGATIVE_INFINITY;

  return {
    async recover() {
      await hygiene.tidy();
      const now = clock.now().getTime();
      const full = now - lastFullSweep >= FULL_SWEEP_MS;
      if (full) lastFullSweep = now;
      const unfinished: string[] = [];
      let destroyed = 0;
      for (const roundId of await linkage.rounds()) {
        const round = await store.rounds.get(roundId);
        // Scheduled: an open in progress made it and will use it (or the round is skipped later).
        if (round?.status === 'scheduled') continue;
        if (round?.status === 'open') {
          if (full && (await linkage.sealed(roundId))) unfinished.push(roundId);
          continue;
        }
        await linkage.destroy(roundId);
        destroyed += 1;
      }
      if (destroyed > 0) log.info('linkage of ended rounds destroyed', { rounds: destroyed });
      if (unfinished.length > 0) log.warn('rounds whose close stopped half-way; finishing', { rounds: unfinished.length });
      return unfinished;
    },
  };
}
