/**
 * The pure schedule maths: closing on the same wall-clock time across summer time,
 * reminders that make sense for a round opened late, the longest open period a
 * schedule leaves room for, and the coming rounds as the scheduler will run them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addLocalDays, DAY_MS, HOUR_MS, longestOpenDays, reminderAt, roundTimes, scheduleSince, upcomingRounds, type RoundTimes } from '../../src/core/schedule.ts';
import { nextRuns } from '../../src/scheduler/schedule.ts';

const TZ = 'Europe/Amsterdam';
const at = (iso: string): Date => new Date(iso);
const settings = { openDays: 7, reminderHoursBeforeClose: 48, timeZone: TZ };

describe('addLocalDays', () => {
  it('keeps the wall-clock time across the spring and autumn changes', () => {
    // Tuesday 24 March 09:00 CET + 7 days = Tuesday 31 March 09:00 CEST (one hour less).
    expect(addLocalDays(at('2026-03-24T08:00:00Z'), 7, TZ).toISOString()).toBe('2026-03-31T07:00:00.000Z');
    // Tuesday 20 October 09:00 CEST + 7 days = Tuesday 27 October 09:00 CET (one hour more).
    expect(addLocalDays(at('2026-10-20T07:00:00Z'), 7, TZ).toISOString()).toBe('2026-10-27T08:00:00.000Z');
    expect(addLocalDays(at('2026-03-03T08:00:00Z'), 7, TZ).toISOString()).toBe('2026-03-10T08:00:00.000Z');
    expect(addLocalDays(at('2026-03-24T08:00:00Z'), 7, 'UTC').toISOString()).toBe('2026-03-31T08:00:00.000Z');
  });

  it('keeps seconds and milliseconds, also before 1970, and lands right next to a clock change', () => {
    expect(addLocalDays(at('2026-03-24T08:00:07.123Z'), 7, TZ).toISOString()).toBe('2026-03-31T07:00:07.123Z');
    expect(addLocalDays(at('1969-12-31T23:59:59.250Z'), 1, 'UTC').toISOString()).toBe('1970-01-01T23:59:59.250Z');
    expect(addLocalDays(at('1969-12-20T10:15:30.750Z'), 3, TZ).toISOString()).toBe('1969-12-23T10:15:30.750Z');
    // Sunday 29 March 01:30 CET is half an hour before the clocks go forward.
    expect(addLocalDays(at('2026-03-22T00:30:00Z'), 7, TZ).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    // Lord Howe Island moves its clocks by half an hour: 09:17 stays 09:17 across the change.
    expect(addLocalDays(at('2026-03-30T22:17:00Z'), 7, 'Australia/Lord_Howe').toISOString()).toBe('2026-04-06T22:47:00.000Z');
  });

  it('lands on the same local time of day for any moment, days and zone', () => {
    const zones = ['Europe/Amsterdam', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.integer({ min: 1, max: 28 }), fc.constantFrom(...zones), (ms, days, zone) => {
        // Whole minutes between 06:00 and 22:00 local, where no zone changes its clock.
        const start = new Date(Math.floor(ms / 60_000) * 60_000);
        const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(start));
        fc.pre(hour >= 6 && hour < 22);
        const later = addLocalDays(start, days, zone);
        const time = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
        expect(time(later)).toBe(time(start));
        expect(Math.abs(later.getTime() - start.getTime() - days * DAY_MS)).toBeLessThanOrEqual(HOUR_MS);
      }),
    );
  });
});

describe('reminders', () => {
  const planned = () => roundTimes(at('2026-03-03T08:00:00Z'), settings);

  it('go out 48 hours before close for a round that opened on time', () => {
    const round = planned();
    expect(round.remindAt?.toISOString()).toBe('2026-03-08T08:00:00.000Z');
    expect(reminderAt({ ...round, openedAt: round.opensAt })?.toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });

  it('never in the first half of what a late round has left, even when the planned time has passed', () => {
    const round = planned();
    // Opened 5½ days late: 36 hours left, the planned reminder passed 12 hours ago.
    const openedAt = at('2026-03-08T20:00:00Z');
    const due = reminderAt({ ...round, openedAt });
    expect(due?.toISOString()).toBe('2026-03-09T14:00:00.000Z');
    expect(due!.getTime() - openedAt.getTime()).toBe((round.closesAt.getTime() - openedAt.getTime()) / 2);
  });

  it('keep the planned time when it already lies in the second half of a late round', () => {
    const round = planned();
    const due = reminderAt({ ...round, openedAt: at('2026-03-04T08:00:00Z') });
    expect(due?.toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });

  it('may come exactly one hour after the round message, not sooner', () => {
    const round = planned();
    const twoHoursLeft = new Date(round.closesAt.getTime() - 2 * HOUR_MS);
    expect(reminderAt({ ...round, openedAt: twoHoursLeft })?.toISOString()).toBe('2026-03-10T07:00:00.000Z');
    expect(reminderAt({ ...round, openedAt: new Date(twoHoursLeft.getTime() + 2) })).toBeNull();
  });

  it('never at or after the close, whatever was planned', () => {
    const round = planned();
    expect(reminderAt({ ...round, remindAt: round.closesAt, openedAt: round.opensAt })).toBeNull();
    expect(reminderAt({ ...round, remindAt: new Date(round.closesAt.getTime() + HOUR_MS), openedAt: round.opensAt })).toBeNull();
    expect(reminderAt({ ...round, remindAt: new Date(round.closesAt.getTime() - 1), openedAt: round.opensAt })?.getTime()).toBe(round.closesAt.getTime() - 1);
  });

  it('are not planned when switched off, or when they would come at or before the opening', () => {
    const round = planned();
    expect(roundTimes(round.opensAt, { ...settings, reminderHoursBeforeClose: 0 }).remindAt).toBeNull();
    expect(roundTimes(round.opensAt, { ...settings, openDays: 2 }).remindAt).toBeNull();
    expect(roundTimes(round.opensAt, { ...settings, openDays: 2, reminderHoursBeforeClose: 47 }).remindAt?.toISOString()).toBe('2026-03-03T09:00:00.000Z');
  });

  it('not at all for a round opened with less than two hours left, or without a planned reminder', () => {
    const round = planned();
    expect(reminderAt({ ...round, openedAt: at('2026-03-10T06:30:00Z') })).toBeNull();
    expect(reminderAt({ ...roundTimes(round.opensAt, { ...settings, reminderHoursBeforeClose: 0 }), openedAt: round.opensAt })).toBeNull();
    // Open one day with a 48-hour reminder: it would come before the round opens.
    expect(roundTimes(round.opensAt, { ...settings, openDays: 1 }).remindAt).toBeNull();
  });
});

describe('longestOpenDays', () => {
  const from = at('2026-01-01T00:00:00Z');
  const runs = (schedule: string, n = 120) => nextRuns(schedule, TZ, from, n);

  it('leaves every preset its full open period up to 28 days', () => {
    for (const preset of ['monthly', 'four-weekly', 'quarterly']) expect(longestOpenDays(runs(preset), TZ, 28)).toBe(28);
  });

  it('gives a weekly schedule exactly seven days, across both summer-time changes', () => {
    expect(longestOpenDays(runs('0 9 * * 2'), TZ, 7)).toBe(7);
    expect(longestOpenDays(runs('0 9 * * 2'), TZ, 8)).toBe(7);
  });

  it('never gives a negative period, even for runs out of order', () => {
    expect(longestOpenDays([at('2026-03-10T08:00:00Z'), at('2026-03-03T08:00:00Z')], TZ, 7)).toBe(0);
    expect(longestOpenDays([at('2026-03-03T08:00:00Z')], TZ, 7)).toBe(7);
  });

  it('finds the shortest gap of an irregular schedule, and 0 for runs less than a day apart', () => {
    expect(longestOpenDays(runs('0 9 * * *'), TZ, 7)).toBe(1);
    expect(longestOpenDays(runs('0 9 1,3 * *'), TZ, 7)).toBe(2);
    expect(longestOpenDays(runs('0 9 * * 1,4'), TZ, 7)).toBe(3);
    expect(longestOpenDays(runs('0 */6 * * *'), TZ, 7)).toBe(0);
  });

  it('returns the largest period that fits: with it no round overlaps the next, with one day more one does', () => {
    const run = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }).map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));
    fc.assert(
      fc.property(fc.uniqueArray(run, { minLength: 2, maxLength: 12, selector: (d) => d.getTime() }), fc.integer({ min: 1, max: 28 }), (dates, wanted) => {
        const sorted = [...dates].sort((a, b) => a.getTime() - b.getTime());
        const best = longestOpenDays(sorted, TZ, wanted);
        const fits = (days: number) => sorted.every((d, i) => i === 0 || addLocalDays(sorted[i - 1]!, days, TZ).getTime() <= d.getTime());
        expect(best).toBeGreaterThanOrEqual(0);
        expect(best).toBeLessThanOrEqual(wanted);
        if (best > 0) expect(fits(best)).toBe(true);
        if (best < wanted) expect(fits(best + 1)).toBe(false);
      }),
    );
  });
});

describe('upcomingRounds', () => {
  const monthly = nextRuns('monthly', TZ, at('2026-03-01T00:00:00Z'), 6);
  const iso = (rounds: RoundTimes[]) => rounds.map((r) => [r.opensAt.toISOString(), r.closesAt.toISOString(), r.remindAt?.toISOString() ?? null]);

  it('lists runs with their close and reminder times', () => {
    const rounds = upcomingRounds({ planned: [], runs: monthly, openUntil: null, now: at('2026-03-01T12:00:00Z'), settings, count: 2 });
    expect(iso(rounds)).toEqual([
      ['2026-03-03T08:00:00.000Z', '2026-03-10T08:00:00.000Z', '2026-03-08T08:00:00.000Z'],
      ['2026-04-07T07:00:00.000Z', '2026-04-14T07:00:00.000Z', '2026-04-12T07:00:00.000Z'],
    ]);
  });

  it('keeps a run that opens at the very moment the open round closes', () => {
    const rounds = upcomingRounds({ planned: [], runs: monthly, openUntil: at('2026-03-03T08:00:00Z'), now: at('2026-03-01T12:00:00Z'), settings, count: 1 });
    expect(rounds[0]?.opensAt.toISOString()).toBe('2026-03-03T08:00:00.000Z');
  });

  it('skips a run that falls while a round is still open, as the scheduler does', () => {
    const rounds = upcomingRounds({ planned: [], runs: monthly, openUntil: at('2026-03-05T10:00:00Z'), now: at('2026-03-01T12:00:00Z'), settings, count: 1 });
    expect(rounds[0]?.opensAt.toISOString()).toBe('2026-04-07T07:00:00.000Z');
  });

  it('shows a run that is due as opening now, with its own close and a reminder counted from now', () => {
    const now = at('2026-03-08T20:00:00Z');
    const planned = [roundTimes(at('2026-03-03T08:00:00Z'), settings)];
    const [late] = upcomingRounds({ planned, runs: monthly.slice(1), openUntil: null, now, settings, count: 1 });
    expect(late?.opensAt.toISOString()).toBe(now.toISOString());
    expect(late?.closesAt.toISOString()).toBe('2026-03-10T08:00:00.000Z');
    expect(late?.remindAt?.toISOString()).toBe('2026-03-09T14:00:00.000Z');
    // Past its close it is gone.
    const after = upcomingRounds({ planned, runs: monthly.slice(1), openUntil: null, now: at('2026-03-10T08:00:00Z'), settings, count: 1 });
    expect(after[0]?.opensAt.toISOString()).toBe('2026-04-07T07:00:00.000Z');
  });
});

describe('scheduleSince', () => {
  it('is the last change of the schedule, or the setup when it never changed', () => {
    const createdAt = at('2026-01-05T10:00:00Z');
    expect(scheduleSince({ createdAt }).toISOString()).toBe(createdAt.toISOString());
    expect(scheduleSince({ createdAt, scheduleChangedAt: at('2026-02-01T09:00:00Z') }).toISOString()).toBe('2026-02-01T09:00:00.000Z');
  });
});
