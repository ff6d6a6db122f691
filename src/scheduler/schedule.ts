/**
 * Calendar maths with croner, in the network's own time zone: presets to cron, the next
 * runs of a schedule, validation. croner knows "first Tuesday" (`2#1`) and moves a run
 * that falls in a daylight-saving gap to just after it, running a repeated hour once.
 */
import { Cron } from 'croner';
import { DomainError } from '../core/errors.ts';
import type { SchedulePreset } from '../core/network.ts';

export const PRESET_CRON: Record<Exclude<SchedulePreset, 'four-weekly'>, string> = {
  monthly: '0 9 * * 2#1',
  quarterly: '0 9 * 1,4,7,10 2#1',
};

/** Four-weekly rounds are Tuesdays 09:00 counted in fours from this Tuesday. */
const FOUR_WEEKLY_EPOCH = Date.UTC(2024, 0, 2);
const WEEK_MS = 7 * 86_400_000;

function cronOf(pattern: string, timeZone: string): Cron {
  try {
    return new Cron(pattern, { timezone: timeZone, paused: true });
  } catch {
    throw new DomainError('invalid_settings', { field: 'schedule' });
  }
}

export function validateSchedule(schedule: string, timeZone: string): void {
  if (schedule === 'four-weekly' || schedule in PRESET_CRON) {
    cronOf('0 9 * * 2', timeZone);
    return;
  }
  if (schedule.trim().split(/\s+/).length !== 5) throw new DomainError('invalid_settings', { field: 'schedule' });
  cronOf(schedule, timeZone);
}

/** The next `n` runs strictly after `from`. */
export function nextRuns(schedule: string, timeZone: string, from: Date, n: number): Date[] {
  if (schedule === 'four-weekly') return fourWeekly(timeZone, from, n);
  const pattern = PRESET_CRON[schedule as keyof typeof PRESET_CRON] ?? schedule;
  validateSchedule(pattern, timeZone);
  return cronOf(pattern, timeZone).nextRuns(n, from);
}

export function nextRun(schedule: string, timeZone: string, from: Date): Date | undefined {
  return nextRuns(schedule, timeZone, from, 1)[0];
}

function fourWeekly(timeZone: string, from: Date, n: number): Date[] {
  const weekly = cronOf('0 9 * * 2', timeZone);
  const runs: Date[] = [];
  let cursor = from;
  // At most four weekly runs per planned one.
  for (let guard = 0; runs.length < n && guard < n * 4 + 4; guard++) {
    const next = weekly.nextRun(cursor);
    if (!next) break;
    // DST moves a run by an hour at most, so rounding to whole weeks is exact.
    if (Math.round((next.getTime() - FOUR_WEEKLY_EPOCH) / WEEK_MS) % 4 === 0) runs.push(next);
    cursor = next;
  }
  return runs;
}
