/**
 * The scheduler: a tick at start-up and then every minute. State lives in the
 * database, so a restart neither loses nor repeats a round; ticks never overlap.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { tick, type TickDeps, type TickReport } from './tick.ts';

export { nextRuns } from './schedule.ts';

export interface Scheduler {
  /** Runs a tick now (waiting for one already running). */
  tickNow(): Promise<TickReport | undefined>;
  stop(): Promise<void>;
}

export function startScheduler(deps: Omit<TickDeps, 'owner'> & { owner?: string }, options: { intervalMs?: number } = {}): Scheduler {
  const full: TickDeps = { ...deps, owner: deps.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}` };
  let running: Promise<TickReport | undefined> | undefined;
  let stopped = false;
  const run = (): Promise<TickReport | undefined> => {
    if (stopped) return Promise.resolve(undefined);
    running ??= tick(full)
      .catch((error: unknown) => {
        deps.log.error('scheduler tick failed', { error: error instanceof Error ? error : String(error) });
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void run(), options.intervalMs ?? 60_000);
  timer.unref();
  void run();
  return {
    tickNow: async () => {
      if (running) await running;
      return run();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
