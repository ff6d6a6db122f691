/**
 * Claims on round jobs, shared by the scheduler and the coordinators' commands: the
 * same lease names the scheduler's tick uses, so a `now` or `close` typed in one process
 * and a tick (or a second `now`) in another never open, post or close the same thing
 * twice. A claim is a lease in the store; a process that dies holding one loses it when
 * the lease runs out.
 */
import type { AppContext } from './context.ts';

/** As long as the scheduler's leases: long enough to post a round to every channel. */
export const CLAIM_MS = 2 * 60_000;

/** Job names; `open:` and `close:` are the scheduler's own (src/scheduler/tick.ts). */
export const JOBS = {
  /** Opening and posting one round, or finishing its posts. */
  open: (roundId: string): string => `open:${roundId}`,
  /** Closing one round and posting its results. */
  close: (roundId: string): string => `close:${roundId}`,
  /** Deciding which round of a network opens: one decision at a time per network. */
  opening: (networkId: string): string => `opening:${networkId}`,
};

export type Claimed<T> = { claimed: true; value: T } | { claimed: false };

export interface Claims {
  /**
   * Runs `work` while holding the job; `{ claimed: false }` when another process (or
   * another call in this one) holds it. A failure frees the job at once and is rethrown.
   */
  run<T>(job: string, work: () => Promise<T>): Promise<Claimed<T>>;
}

export function createClaims(ctx: Pick<AppContext, 'store' | 'clock' | 'random'>): Claims {
  const { store, clock } = ctx;
  const owner = `app:${Buffer.from(ctx.random.bytes(6)).toString('hex')}`;
  return {
    async run(job, work) {
      const now = clock.now();
      if (!(await store.leases.claim(job, owner, now, new Date(now.getTime() + CLAIM_MS)))) return { claimed: false };
      try {
        const value = await work();
        await store.leases.done(job, owner);
        return { claimed: true, value };
      } catch (error) {
        await store.leases.release(job, owner);
        throw error;
      }
    },
  };
}
