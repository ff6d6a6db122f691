/**
 * Claims on round jobs, shared by the scheduler and the coordinators' commands: the
 * same lease names the scheduler's tick uses, so a `now` or `close` typed in one process
 * and a tick (or a second `now`) in another never open, post or close the same thing
 * twice. A claim is a lease in the store. While its work runs the holder renews it
 * every third of its length, so a long job (a platform that keeps asking to retry)
 * stays claimed, and a process that dies holding one loses it when the lease runs out.
 *
 * A holder that stalled past its lease (paused, cut off from the database) learns at
 * its next renewal that another process took the job over; from then on `leaseLost()`
 * is true inside its work, and posting checks it before every message, so the stalled
 * process stops instead of posting beside the one that took over.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock, Logger } from '../core/ports.ts';
import type { Store } from '../core/store-port.ts';
import type { AppContext } from './context.ts';

/** As long as the scheduler's leases: long enough to post a round to every channel. */
export const CLAIM_MS = 2 * 60_000;

/** Job names; `open:` and `close:` are the scheduler's own (src/scheduler/tick.ts). */
export const JOBS = {
  /** Opening and posting one round, or finishing its posts. */
  open: (roundId: string): string => `open:${roundId}`,
  /** Closing one round and posting its results. */
  close: (roundId: string): string => `close:${roundId}`,
  /** Deciding which round of a network opens (or is planned next): one decision at a time per network. */
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

export interface LeaseHolder {
  store: Pick<Store, 'leases'>;
  clock: Clock;
  log: Pick<Logger, 'warn'>;
  /** Identifies this process (and this use) in the leases. */
  owner: string;
  leaseMs: number;
}

/** The leases the current async work runs under (innermost first). */
const held = new AsyncLocalStorage<{ lost: () => boolean }>();

/** True inside the work of a claim whose lease (or an enclosing one) was taken over. */
export function leaseLost(): boolean {
  return held.getStore()?.lost() ?? false;
}

/**
 * Claims `job`, runs `work` under it with a heartbeat, and gives it back: done when the
 * work succeeded, released (for the next attempt) when it threw.
 */
export async function underLease<T>(holder: LeaseHolder, job: string, work: () => Promise<T>): Promise<Claimed<T>> {
  const { store, clock, owner, leaseMs } = holder;
  const now = clock.now();
  if (!(await store.leases.claim(job, owner, now, new Date(now.getTime() + leaseMs)))) return { claimed: false };
  let lost = false;
  const heartbeat = setInterval(() => {
    store.leases.renew(job, owner, new Date(clock.now().getTime() + leaseMs)).then(
      (kept) => {
        if (kept || lost) return;
        lost = true;
        holder.log.warn('lease taken over by another process; stopping this job', { job });
      },
      // The database unreachable for a moment: the lease still runs; try again next beat.
      () => undefined,
    );
  }, Math.max(500, Math.floor(leaseMs / 3)));
  heartbeat.unref();
  const parent = held.getStore();
  try {
    const value = await held.run({ lost: () => lost || (parent?.lost() ?? false) }, work);
    clearInterval(heartbeat);
    await store.leases.done(job, owner);
    return { claimed: true, value };
  } catch (error) {
    clearInterval(heartbeat);
    await store.leases.release(job, owner);
    throw error;
  }
}

export function createClaims(ctx: Pick<AppContext, 'store' | 'clock' | 'random' | 'log' | 'leaseMs'>): Claims {
  const holder: LeaseHolder = {
    store: ctx.store,
    clock: ctx.clock,
    log: ctx.log,
    owner: `app:${Buffer.from(ctx.random.bytes(6)).toString('hex')}`,
    leaseMs: ctx.leaseMs ?? CLAIM_MS,
  };
  return { run: (job, work) => underLease(holder, job, work) };
}
