/**
 * What the setup confirmation and `/thermometer schedule` say is what the scheduler
 * does: the real use cases and tick on a real SQLite file, with an injected clock that
 * the tests move to every moment that matters.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/app/messages/index.ts';
import { upcomingFor } from '../../src/app/planning.ts';
import type { FormValues } from '../../src/core/message.ts';
import type { Network } from '../../src/core/network.ts';
import { addLocalDays } from '../../src/core/schedule.ts';
import { tick } from '../../src/scheduler/tick.ts';
import { nextRuns } from '../../src/scheduler/schedule.ts';
import { createTestApp, setupValues, testContent, type TestApp } from '../helpers/app.ts';
import { messageText, type FakeChat } from '../helpers/fake-chat.ts';

const TZ = 'Europe/Amsterdam';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.cleanup();
});

function appAt(iso: string): TestApp {
  const a = createTestApp();
  apps.push(a);
  a.clock.set(iso);
  return a;
}
const run = (a: TestApp) => tick({ store: a.store, useCases: a.useCases, clock: a.clock, log: a.deps.log, owner: 'p1' });
const isReminder = (p: FakeChat['posts'][number]) => p.message.text.startsWith('Nog even');
const isRound = (p: FakeChat['posts'][number]) => !isReminder(p) && p.message.blocks.some((b) => b.kind === 'actions' && b.buttons.some((x) => x.actionId === 'answer'));
const roundPosts = (a: TestApp) => a.slack.posts.filter(isRound);
const reminders = (a: TestApp) => a.slack.posts.filter(isReminder);
const network = async (a: TestApp): Promise<Network> => (await a.store.networks.all())[0]!;
const nl = (d: Date) => formatDateTime(d, { content: testContent(), lang: 'nl', timeZone: TZ });

/** Ticks from now until (not including) `until`, every `step`; returns round posts seen. */
async function ticksUntil(a: TestApp, until: Date, step = 6 * HOUR): Promise<number> {
  while (a.clock.now().getTime() + step < until.getTime()) {
    a.clock.advance(step);
    await run(a);
  }
  a.clock.set(new Date(until.getTime() - MINUTE));
  await run(a);
  return roundPosts(a).length;
}

/** The dates a setup confirmation lists, in order. */
const plannedIn = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('• ')).map((l) => l.slice(2));

async function setup(a: TestApp, values: FormValues = {}): Promise<string> {
  return messageText((await a.useCases.submitSetup(a.channel, a.coordinator, setupValues(values), (await a.useCases.setupForm(a.channel, a.coordinator)).context)).confirmation);
}

describe('a new network set up just after a run', () => {
  const cases: { preset: string; values: FormValues; last: string }[] = [
    { preset: 'monthly', values: { schedule: 'monthly' }, last: '2026-03-03T08:00:00Z' },
    { preset: 'quarterly', values: { schedule: 'quarterly' }, last: '2026-04-07T07:00:00Z' },
    { preset: 'four-weekly', values: { schedule: 'four-weekly' }, last: nextRuns('four-weekly', TZ, new Date('2026-03-01T00:00:00Z'), 1)[0]!.toISOString() },
    // The reported case: weekly on Saturdays, set up two days after one.
    { preset: 'custom weekly', values: { schedule: 'custom', cron: '0 9 * * 6' }, last: '2026-11-21T08:00:00Z' },
  ];

  for (const { preset, values, last } of cases) {
    it(`${preset}: opens nothing until the next run, the one the confirmation names, and then exactly that one`, async () => {
      const a = appAt(new Date(new Date(last).getTime() + 2 * HOUR).toISOString());
      const settings = { ...setupValues(values) };
      const [next] = nextRuns(String(settings.cron ?? settings.schedule), TZ, new Date(last), 1);
      const confirmation = await setup(a, values);
      expect(plannedIn(confirmation)[0]).toBe(nl(next!));

      await run(a);
      expect((await a.store.rounds.scheduledFor((await network(a)).id)).map((r) => r.opensAt.toISOString())).toEqual([next!.toISOString()]);
      expect(await ticksUntil(a, next!)).toBe(0);
      expect(await a.store.rounds.openFor((await network(a)).id)).toBeUndefined();

      a.clock.set(next!);
      await run(a);
      await run(a);
      expect(roundPosts(a)).toHaveLength(1);
      const open = await a.store.rounds.openFor((await network(a)).id);
      expect(open?.opensAt.toISOString()).toBe(next!.toISOString());
      expect(open?.closesAt.toISOString()).toBe(addLocalDays(next!, 7, TZ).toISOString());
    });
  }
});

describe('downtime', () => {
  it('across a run: opens it once, late, with its own close time, even when no tick had planned it yet', async () => {
    const a = appAt('2026-03-01T12:00:00Z');
    await setup(a);
    // Down from right after setup until two days after the run.
    a.clock.set('2026-03-05T10:00:00Z');
    await run(a);
    await run(a);
    a.clock.advance(MINUTE);
    await run(a);
    expect(roundPosts(a)).toHaveLength(1);
    const open = (await a.store.rounds.openFor((await network(a)).id))!;
    expect(open.opensAt.toISOString()).toBe('2026-03-03T08:00:00.000Z');
    expect(open.openedAt?.toISOString()).toBe('2026-03-05T10:00:00.000Z');
    expect(open.closesAt.toISOString()).toBe('2026-03-10T08:00:00.000Z');
  });

  it('past its close: skips it, posts nothing and plans the next run', async () => {
    const a = appAt('2026-03-01T12:00:00Z');
    await setup(a);
    await run(a);
    a.clock.set('2026-03-10T08:00:00Z');
    await run(a);
    await run(a);
    expect(roundPosts(a)).toHaveLength(0);
    expect((await a.store.rounds.scheduledFor((await network(a)).id)).map((r) => r.opensAt.toISOString())).toEqual(['2026-04-07T07:00:00.000Z']);
  });

  it('a round opened late gets no reminder right under it, only halfway through the time it has left', async () => {
    const a = appAt('2026-03-01T12:00:00Z');
    await setup(a);
    await run(a);
    // Back 5½ days late: the planned reminder (8 March 09:00) has passed; 36 hours remain.
    a.clock.set('2026-03-08T20:00:00Z');
    await run(a);
    expect(roundPosts(a)).toHaveLength(1);
    for (const at of ['2026-03-08T20:01:00Z', '2026-03-09T08:00:00Z', '2026-03-09T13:59:00Z']) {
      a.clock.set(at);
      expect((await run(a)).reminded).toBe(0);
    }
    expect(reminders(a)).toHaveLength(0);
    a.clock.set('2026-03-09T14:00:00Z');
    expect((await run(a)).reminded).toBe(1);
    await run(a);
    expect(reminders(a)).toHaveLength(1);
  });
});

describe('changing the schedule', () => {
  it('re-plans from the moment of the change: a run of the new schedule from before it is not opened', async () => {
    const a = appAt('2026-02-20T12:00:00Z');
    await setup(a);
    await run(a);
    expect(await a.store.rounds.scheduledFor((await network(a)).id)).toHaveLength(1);
    // Thursday: switch to Wednesdays 09:00; yesterday's Wednesday run lies before the change.
    a.clock.set('2026-02-26T12:00:00Z');
    const confirmation = await setup(a, { schedule: 'custom', cron: '0 9 * * 3', openDays: 5 });
    expect(plannedIn(confirmation)[0]).toBe(nl(new Date('2026-03-04T08:00:00Z')));
    expect((await network(a)).scheduleChangedAt?.toISOString()).toBe('2026-02-26T12:00:00.000Z');
    await run(a);
    expect((await a.store.rounds.scheduledFor((await network(a)).id)).map((r) => r.opensAt.toISOString())).toEqual(['2026-03-04T08:00:00.000Z']);
    expect(await ticksUntil(a, new Date('2026-03-04T08:00:00Z'))).toBe(0);
    a.clock.set('2026-03-04T08:00:00Z');
    await run(a);
    expect(roundPosts(a)).toHaveLength(1);
    expect((await a.store.rounds.openFor((await network(a)).id))?.closesAt.toISOString()).toBe('2026-03-09T08:00:00.000Z');
  });

  it('survives a restart: the moment of the change is stored with the network', async () => {
    const a = appAt('2026-02-26T12:00:00Z');
    await setup(a);
    a.clock.set('2026-02-27T12:00:00Z');
    await setup(a, { schedule: 'custom', cron: '0 9 * * 3' });
    const reopened = a.db.open();
    expect((await reopened.networks.get((await network(a)).id))?.scheduleChangedAt?.toISOString()).toBe('2026-02-27T12:00:00.000Z');
    expect((await reopened.networks.get((await network(a)).id))?.createdAt.toISOString()).toBe('2026-02-26T12:00:00.000Z');
    await reopened.close();
  });
});

describe('what `schedule` says is what happens', () => {
  const cases: { name: string; values: FormValues; start: string }[] = [
    { name: 'monthly', values: {}, start: '2026-02-10T12:00:00Z' },
    { name: 'quarterly', values: { schedule: 'quarterly', openDays: 14 }, start: '2026-02-10T12:00:00Z' },
    { name: 'four-weekly', values: { schedule: 'four-weekly', openDays: 28 }, start: '2026-02-10T12:00:00Z' },
    // Weekly, open the full week, across the change to summer time: each round closes
    // at the moment the next one opens.
    { name: 'custom weekly over summer time', values: { schedule: 'custom', cron: '0 9 * * 2', openDays: 7 }, start: '2026-03-20T12:00:00Z' },
  ];
  for (const { name, values, start } of cases) {
    it(`${name}: every round opens, reminds and closes at the times listed`, async () => {
      const a = appAt(start);
      await setup(a, values);
      const listed = await a.useCases.schedule(a.channel);
      const [fourth, ...rest] = upcomingFor((await network(a)), { scheduled: [], open: undefined, lastOpensAt: undefined }, a.clock.now(), nextRuns, 4).reverse();
      const upcoming = rest.reverse();
      const lines = messageText(listed).split('\n').filter((l) => l.startsWith('• '));
      expect(lines).toEqual(upcoming.map((r) => `• *${nl(r.opensAt)}* tot ${nl(r.closesAt)} · herinnering ${nl(r.remindAt!)}`));
      await run(a);
      // Every moment something is listed for: a minute before it nothing happens, at it
      // exactly what is listed (a weekly round closes in the tick that opens the next).
      const expected = new Map<number, { opened: number; reminded: number; closed: number }>();
      const at = (d: Date) => expected.get(d.getTime()) ?? expected.set(d.getTime(), { opened: 0, reminded: 0, closed: 0 }).get(d.getTime())!;
      for (const r of upcoming) {
        at(r.opensAt).opened += 1;
        at(r.remindAt!).reminded += 1;
        at(r.closesAt).closed += 1;
      }
      // A fourth round may open in the tick that closes the third.
      if (expected.has(fourth!.opensAt.getTime())) at(fourth!.opensAt).opened += 1;
      for (const [ms, counts] of [...expected].sort((x, y) => x[0] - y[0])) {
        a.clock.set(new Date(ms - MINUTE));
        const before = await run(a);
        expect(before.opened + before.reminded + before.closed, new Date(ms - MINUTE).toISOString()).toBe(0);
        a.clock.set(new Date(ms));
        const report = await run(a);
        expect({ opened: report.opened, reminded: report.reminded, closed: report.closed }, new Date(ms).toISOString()).toEqual(counts);
      }
      expect(roundPosts(a)).toHaveLength(expected.has(fourth!.opensAt.getTime()) ? 4 : 3);
      expect(reminders(a)).toHaveLength(3);
      const rounds = (await a.store.rounds.closedFor((await network(a)).id, 3)).reverse();
      expect(rounds.map((r) => [r.openedAt?.toISOString(), r.closedAt?.toISOString()])).toEqual(upcoming.map((r) => [r.opensAt.toISOString(), r.closesAt.toISOString()]));
    });
  }
});
