import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { misfireAction, planFrom } from '../../src/core/schedule.ts';
import { nextRuns, validateSchedule } from '../../src/scheduler/schedule.ts';

const TZ = 'Europe/Amsterdam';
const local = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: TZ, weekday: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);

describe('schedules', () => {
  it('plans the first Tuesday of every month at 09:00 Amsterdam time, across a year and both DST changes', () => {
    const runs = nextRuns('monthly', TZ, new Date('2026-01-01T00:00:00Z'), 12);
    expect(runs).toHaveLength(12);
    runs.forEach((run, i) => {
      expect(run.getUTCMonth()).toBe(i);
      const [weekday, day, time] = local(run).replace(',', '').split(' ');
      expect(weekday).toBe('Tue');
      expect(Number(day)).toBeGreaterThanOrEqual(1);
      expect(Number(day)).toBeLessThanOrEqual(7);
      expect(time).toBe('09:00');
    });
    // 09:00 is 08:00 UTC in winter and 07:00 UTC in summer.
    expect(runs[0]?.toISOString()).toBe('2026-01-06T08:00:00.000Z');
    expect(runs[3]?.toISOString()).toBe('2026-04-07T07:00:00.000Z');
  });

  it('moves a 02:30 run on the spring-forward Sunday to just after the gap, and runs the repeated hour in autumn once', () => {
    const spring = nextRuns('30 2 * * 0', TZ, new Date('2026-03-28T00:00:00Z'), 2);
    expect(spring[0]?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(spring[1]?.toISOString()).toBe('2026-04-05T00:30:00.000Z');
    const autumn = nextRuns('30 2 * * 0', TZ, new Date('2026-10-24T00:00:00Z'), 2);
    expect(autumn[0]?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // The next run is a week later, not the second 02:30 of the same night.
    expect(autumn[1]?.toISOString()).toBe('2026-11-01T01:30:00.000Z');
  });

  it('plans quarterly rounds in January, April, July and October', () => {
    const runs = nextRuns('quarterly', TZ, new Date('2026-01-01T00:00:00Z'), 4);
    expect(runs.map((r) => r.getUTCMonth())).toEqual([0, 3, 6, 9]);
  });

  it('plans four-weekly rounds 28 days apart on Tuesdays', () => {
    const runs = nextRuns('four-weekly', TZ, new Date('2026-02-01T00:00:00Z'), 6);
    expect(runs).toHaveLength(6);
    for (let i = 1; i < runs.length; i++) {
      const days = ((runs[i]?.getTime() ?? 0) - (runs[i - 1]?.getTime() ?? 0)) / 86_400_000;
      expect(Math.round(days)).toBe(28);
      expect(local(runs[i] as Date)).toMatch(/^Tue .* 09:00$/);
    }
  });

  it('refuses a schedule that is not five cron fields', () => {
    expect(() => validateSchedule('every monday', TZ)).toThrow(DomainError);
    expect(() => validateSchedule('0 9 * * 2 2026', TZ)).toThrow(DomainError);
    expect(() => validateSchedule('61 9 * * 2', TZ)).toThrow(DomainError);
    expect(() => validateSchedule('0 9 * * 1', TZ)).not.toThrow();
  });
});

describe('misfire policy', () => {
  const now = new Date('2026-03-05T10:00:00Z');
  it('opens late within the open period and skips after it', () => {
    expect(misfireAction(new Date('2026-03-10T08:00:00Z'), now)).toBe('open');
    expect(misfireAction(new Date('2026-03-05T10:00:00Z'), now)).toBe('skip');
  });
  const longAgo = new Date('2024-01-01T00:00:00Z');
  it('never plans from further back than one open period', () => {
    expect(planFrom({ since: longAgo, lastOpensAt: new Date('2025-01-01T00:00:00Z'), now, openDays: 7 }).toISOString()).toBe('2026-02-26T10:00:00.000Z');
    expect(planFrom({ since: longAgo, lastOpensAt: new Date('2026-03-03T08:00:00Z'), now, openDays: 7 }).toISOString()).toBe('2026-03-03T08:00:00.000Z');
    expect(planFrom({ since: longAgo, lastOpensAt: null, now, openDays: 7 }).toISOString()).toBe('2026-02-26T10:00:00.000Z');
  });
  it('never plans from before the schedule applied (setup or its last change)', () => {
    const setUp = new Date('2026-03-04T15:00:00Z');
    expect(planFrom({ since: setUp, lastOpensAt: null, now, openDays: 7 }).toISOString()).toBe(setUp.toISOString());
    expect(planFrom({ since: setUp, lastOpensAt: new Date('2026-03-03T08:00:00Z'), now, openDays: 7 }).toISOString()).toBe(setUp.toISOString());
  });
});
