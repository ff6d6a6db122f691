/**
 * One scheduler tick: recover what a crash left (owed compaction or checkpoint, linkage
 * of ended rounds, closes that stopped half-way), plan each network's next round, then
 * do what is due — closes first (a network has one open round at a time), opens,
 * reminders — each job under a lease so two processes on one database never both do
 * it, then finish posts that are still pending under the same leases. Every use case it
 * calls is idempotent, so a job that is retried after a crash finishes what is missing
 * and posts nothing twice.
 */
import type { AppUseCases } from '../app/use-cases.ts';
import type { Clock, Logger } from '../core/ports.ts';
import { planFrom, scheduleSince } from '../core/schedule.ts';
import type { Store } from '../core/store-port.ts';
import { nextRun } from './schedule.ts';

export interface TickDeps {
  store: Store;
  useCases: AppUseCases;
  clock: Clock;
  log: Logger;
  /** Identifies this process in leases. */
  owner: string;
  /** How long a claimed job is ours before another process may take it over. */
  leaseMs?: number;
}

export interface TickReport {
  planned: number;
  opened: number;
  reminded: number;
  closed: number;
  resent: number;
  failed: number;
}

const DEFAULT_LEASE_MS = 2 * 60_000;

export async function tick(deps: TickDeps): Promise<TickReport> {
  const { store, useCases, clock, log, owner } = deps;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const report: TickReport = { planned: 0, opened: 0, reminded: 0, closed: 0, resent: 0, failed: 0 };

  /** Runs a job if this process can claim it; a failure frees it for the next tick. */
  const job = async (name: string, work: () => Promise<boolean>): Promise<boolean> => {
    const now = clock.now();
    if (!(await store.leases.claim(name, owner, now, new Date(now.getTime() + leaseMs)))) return false;
    try {
      const did = await work();
      await store.leases.done(name, owner);
      return did;
    } catch (error) {
      report.failed += 1;
      log.warn('scheduled job failed; retried on the next tick', { job: name, attempts: await store.leases.attempts(name), error: error instanceof Error ? error : String(error) });
      await store.leases.release(name, owner);
      return false;
    }
  };

  // A close that stopped half-way is finished under the same lease as a scheduled close.
  for (const roundId of await useCases.recover()) {
    if (await job(`close:${roundId}`, async () => Boolean(await useCases.closeRound(roundId)))) report.closed += 1;
  }

  for (const network of await store.networks.all()) {
    if ((await store.rounds.scheduledFor(network.id)).length > 0) continue;
    const s = network.settings;
    try {
      const lastOpensAt = (await store.rounds.lastOpensAt(network.id)) ?? null;
      const from = planFrom({ since: scheduleSince(network), lastOpensAt, now: clock.now(), openDays: s.openDays });
      const at = nextRun(s.schedule, s.timeZone, from);
      if (at && (await useCases.scheduleRound(network.id, at))) report.planned += 1;
    } catch (error) {
      log.warn('network schedule cannot be planned', { networkId: network.id, error: error instanceof Error ? error : String(error) });
    }
  }

  const now = clock.now();
  for (const round of await store.rounds.dueToClose(now)) {
    if (await job(`close:${round.id}`, async () => Boolean(await useCases.closeRound(round.id)))) report.closed += 1;
  }
  for (const round of await store.rounds.dueToOpen(now)) {
    if (await job(`open:${round.id}`, async () => Boolean(await useCases.openScheduledRound(round.id)))) report.opened += 1;
  }
  for (const network of await store.networks.all()) {
    const open = await store.rounds.openFor(network.id);
    if (open && (await job(`gone:${open.id}`, () => useCases.closeIfChannelsGone(open.id)))) report.closed += 1;
  }
  for (const round of await store.rounds.dueToRemind(now)) {
    if (await job(`remind:${round.id}`, () => useCases.remindRound(round.id))) report.reminded += 1;
  }
  // Posts intended but not sent (a crash, a platform that was down): finished under the
  // round's own job lease, so they never race a process that is posting them right now.
  const pending = async (roundId: string, kind: 'round' | 'results'): Promise<boolean> => (await store.posts.forRound(roundId, kind)).some((p) => p.state === 'pending');
  for (const network of await store.networks.all()) {
    const open = await store.rounds.openFor(network.id);
    if (open && (await pending(open.id, 'round')) && (await job(`open:${open.id}`, async () => (await useCases.openScheduledRound(open.id), true)))) report.resent += 1;
    const [closed] = await store.rounds.closedFor(network.id, 1);
    if (closed && ((await pending(closed.id, 'round')) || (await pending(closed.id, 'results'))) && (await job(`close:${closed.id}`, async () => (await useCases.closeRound(closed.id), true)))) report.resent += 1;
  }
  const day = now.toISOString().slice(0, 10);
  await job(`purge:${day}`, async () => {
    const purged = await useCases.purgeExpired();
    await store.deliveries.pruneBefore(new Date(now.getTime() - 86_400_000));
    if (purged > 0) log.info('rounds past retention deleted', { purged });
    return purged > 0;
  });
  if (report.opened + report.closed + report.reminded + report.failed > 0) log.info('scheduler tick', { ...report });
  else log.debug('scheduler tick', { ...report });
  return report;
}
