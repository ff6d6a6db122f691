/**
 * Pure schedule policy: from when to plan a network's next round, so that a bot that was
 * down never opens a backlog. Calendar maths (cron, time zones) lives in src/scheduler.
 */

const DAY_MS = 86_400_000;

/**
 * The moment after which the next round is looked for. Normally the last round's
 * opening; after downtime longer than a round's open period, `now - openDays`, so the
 * only missed run that can still be planned is one whose open period has not ended —
 * it then opens late with its own close time, and older runs are skipped for good.
 */
export function planFrom(lastOpensAt: Date | null, now: Date, openDays: number): Date {
  const earliest = now.getTime() - openDays * DAY_MS;
  return new Date(Math.max(lastOpensAt?.getTime() ?? earliest, earliest));
}

export type DueAction = 'open' | 'skip';

/** A scheduled round whose time has come: open it (late, same close time) or skip it. */
export function misfireAction(closesAt: Date, now: Date): DueAction {
  return now.getTime() < closesAt.getTime() ? 'open' : 'skip';
}
