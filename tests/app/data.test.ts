/** Retention, erase, de-duplication and posting exactly once. */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { findInDatabase } from '../helpers/bytes.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

describe('retention', () => {
  it('deletes rounds closed longer ago than the retention period, with their answers', async () => {
    app = createTestApp();
    await app.setup({ k: 4 }); // three answers stay below k, so an early close is allowed
    app.clock.set('2024-01-09T08:00:00Z');
    const old = await app.useCases.openRoundNow(app.channel, app.coordinator);
    for (const v of app.voters(3, 'U0OLD')) await app.useCases.answerLevel(old.id, v, 2);
    await app.useCases.closeRoundNow(app.channel, app.coordinator);
    app.clock.set('2025-06-03T08:00:00Z');
    const recent = await app.useCases.openRoundNow(app.channel, app.coordinator);
    for (const v of app.voters(3, 'U0NEW')) await app.useCases.answerLevel(recent.id, v, 3);
    await app.useCases.closeRoundNow(app.channel, app.coordinator);

    app.clock.set('2026-01-08T08:00:00Z');
    expect(await app.useCases.purgeExpired()).toBe(0);
    app.clock.set('2026-01-10T08:00:00Z');
    expect(await app.useCases.purgeExpired()).toBe(1);
    expect(await app.store.rounds.get(old.id)).toBeUndefined();
    expect(await app.store.answers.count(old.id)).toBe(0);
    expect((await app.store.rounds.get(recent.id))?.status).toBe('closed');
    expect(await app.store.answers.count(recent.id)).toBe(3);
    expect(await app.useCases.purgeExpired()).toBe(0);
  });
});

describe('erase', () => {
  it('removes the network, its rounds, answers and coordinators, also from the file', async () => {
    app = createTestApp();
    await app.setup({ name: 'Wisnetwerk Zuid', k: 3 });
    const network = (await app.useCases.networkFor(app.channel))!;
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    for (const v of app.voters(3)) await app.useCases.submitAnswerForm(round.id, v, { level: '2', comment: 'verdwijnt-straks' });
    const form = await app.useCases.eraseForm(app.channel, app.coordinator);
    expect(form).toMatchObject({ id: 'erase', context: network.id });
    const done = await app.useCases.erase(app.channel, app.coordinator);
    expect(done.text).toContain('Wisnetwerk Zuid');
    expect(await app.useCases.networkFor(app.channel)).toBeUndefined();
    expect(await app.store.rounds.get(round.id)).toBeUndefined();
    expect(await app.store.coordinators.list(network.id)).toEqual([]);
    expect(findInDatabase(app.db.path, ['verdwijnt-straks', 'Wisnetwerk Zuid', app.coordinator.user])).toEqual([]);
    // The channel is still known, so setup can start again.
    expect((await app.store.bindings.find(app.channel))?.networkId).toBeNull();
  });
});

describe('deliveries', () => {
  it('is true once per delivery id and platform, also for a new instance on the same file', async () => {
    app = createTestApp();
    expect(await app.useCases.firstDelivery('slack', 'Ev0001')).toBe(true);
    expect(await app.useCases.firstDelivery('slack', 'Ev0001')).toBe(false);
    expect(await app.useCases.firstDelivery('teams', 'Ev0001')).toBe(true);
    const reopened = createTestApp();
    try {
      expect(await reopened.useCases.firstDelivery('slack', 'Ev0002')).toBe(true);
    } finally {
      await reopened.cleanup();
    }
    app.clock.advanceDays(2);
    expect(await app.useCases.firstDelivery('slack', 'Ev0003')).toBe(true);
    // Forgotten by then: a very late retry is new again.
    expect(await app.useCases.firstDelivery('slack', 'Ev0001')).toBe(true);
  });

  const rows = (): { platform: string; delivery_id: string; seen_at: number }[] => {
    const db = new Database(app.db.path, { readonly: true });
    try {
      return db.prepare('SELECT platform, delivery_id, seen_at FROM deliveries').all() as { platform: string; delivery_id: string; seen_at: number }[];
    } finally {
      db.close();
    }
  };

  it('keeps a hash of each id with the hour it came in: no id, no moment', async () => {
    app = createTestApp();
    app.clock.advance(17 * 60_000 + 23_456); // 08:17:23.456
    const ids = ['action:1700000000.123.abc', 'command:1709454000.987654.f00', 'view:1709454001.55.beef', 'f:lwz1k0001'];
    for (const id of ids) expect(await app.useCases.firstDelivery('slack', id)).toBe(true);
    const stored = rows();
    expect(stored).toHaveLength(ids.length);
    for (const row of stored) {
      expect(row.seen_at % 3_600_000).toBe(0);
      expect(row.seen_at).toBe(Date.parse('2026-03-03T08:00:00Z'));
      expect(row.delivery_id).toMatch(/^[\w-]{43}$/);
      for (const id of ids) {
        expect(row.delivery_id).not.toContain(id);
        for (const part of id.split(/[:.]/)) if (part.length >= 3) expect(row.delivery_id).not.toContain(part);
      }
    }
  });

  it('remembers an id for at least an hour, at most two', async () => {
    app = createTestApp();
    app.clock.advance(59 * 60_000); // 08:59
    expect(await app.useCases.firstDelivery('slack', 'command:late-in-the-hour')).toBe(true);
    app.clock.advance(60 * 60_000); // 09:59, an hour later
    expect(await app.useCases.firstDelivery('slack', 'command:late-in-the-hour')).toBe(false);
    app.clock.advance(2 * 3_600_000); // 11:59: pruned on the way in
    expect(await app.useCases.firstDelivery('slack', 'command:late-in-the-hour')).toBe(true);
  });

  it('forgets older deliveries when a round closes', async () => {
    app = createTestApp();
    await app.setup();
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    for (const [i, voter] of app.voters(3).entries()) {
      expect(await app.useCases.firstDelivery('slack', `action:click-${i}`)).toBe(true);
      await app.useCases.answerLevel(round.id, voter, 2);
    }
    expect(rows()).toHaveLength(3);
    app.clock.advance(3 * 3_600_000);
    await app.useCases.closeRound(round.id);
    expect(rows()).toEqual([]);
  });
});

describe('posting exactly once', () => {
  it('keeps a failed post for later and sends it once on resume', async () => {
    app = createTestApp();
    await app.setup();
    app.slack.failNextPosts(1, 'unavailable');
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    expect(app.slack.posts).toHaveLength(0);
    expect(await app.useCases.resumePending()).toBe(1);
    expect(await app.useCases.resumePending()).toBe(0);
    expect(app.slack.posts).toHaveLength(1);
    // The count still reaches the message that was posted late.
    await app.useCases.answerLevel(round.id, app.voters(1)[0]!, 2);
    await app.settle();
    expect(app.slack.allText(app.slack.posts[0]!.current)).toContain('1 reactie');
  });

  it('does not post twice when the scheduler opens or closes the same round again', async () => {
    app = createTestApp();
    await app.setup({ k: 3 });
    const network = (await app.useCases.networkFor(app.channel))!;
    const planned = (await app.useCases.scheduleRound(network.id, new Date('2026-03-03T08:00:00Z')))!;
    expect((await app.useCases.scheduleRound(network.id, new Date('2026-03-03T08:00:00Z')))!.id).toBe(planned.id);
    const opened = await app.useCases.openScheduledRound(planned.id);
    expect(opened?.status).toBe('open');
    expect(await app.useCases.openScheduledRound(planned.id)).toBeUndefined();
    expect(app.slack.posts).toHaveLength(1);
    for (const v of app.voters(3)) await app.useCases.answerLevel(planned.id, v, 1);
    app.clock.advanceDays(7);
    expect((await app.useCases.closeRound(planned.id))?.result.n).toBe(3);
    expect(await app.useCases.closeRound(planned.id)).toBeUndefined();
    expect(app.slack.posts).toHaveLength(2);
  });

  it('skips a scheduled round whose whole open period was missed', async () => {
    app = createTestApp();
    await app.setup();
    const network = (await app.useCases.networkFor(app.channel))!;
    const planned = (await app.useCases.scheduleRound(network.id, new Date('2026-03-03T08:00:00Z')))!;
    app.clock.advanceDays(8);
    expect(await app.useCases.openScheduledRound(planned.id)).toBeUndefined();
    expect((await app.store.rounds.get(planned.id))?.status).toBe('skipped');
    expect(app.slack.posts).toHaveLength(0);
  });

  it('reminds once, in the channel, and privately only those who have not answered', async () => {
    app = createTestApp();
    await app.setup({ dmReminders: true });
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    const [answered, quiet] = app.voters(2);
    app.slack.memberList = [answered!, quiet!];
    await app.useCases.answerLevel(round.id, answered!, 2);
    expect(await app.useCases.remindRound(round.id)).toBe(false);
    app.clock.advanceDays(5);
    expect(await app.useCases.remindRound(round.id)).toBe(true);
    expect(await app.useCases.remindRound(round.id)).toBe(false);
    expect(app.slack.posts).toHaveLength(2);
    expect(app.slack.directs.map((d) => d.user.user)).toEqual([quiet!.user]);
  });
});
