/** Retention, erase, de-duplication and posting exactly once. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { findInDatabase } from '../helpers/bytes.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

describe('retention', () => {
  it('deletes rounds closed longer ago than the retention period, with their answers', async () => {
    app = createTestApp();
    await app.setup({ k: 3 });
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
    // Pruned after a day: a very late retry is new again.
    expect(await app.useCases.firstDelivery('slack', 'Ev0001')).toBe(true);
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
