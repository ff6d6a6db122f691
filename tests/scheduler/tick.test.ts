/**
 * The scheduler against the real use cases and a real SQLite file, with an injected
 * clock: no sleeps, every moment set by the test.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createUseCases } from '../../src/app/index.ts';
import type { Platform } from '../../src/core/network.ts';
import { tick } from '../../src/scheduler/tick.ts';
import { createTestApp, testContent, type TestApp } from '../helpers/app.ts';
import { fakeChat, messageText, type FakeChat } from '../helpers/fake-chat.ts';
import { seededRandom } from '../helpers/random.ts';

const apps: TestApp[] = [];
async function app(): Promise<TestApp> {
  const a = createTestApp();
  apps.push(a);
  a.clock.set('2026-03-01T12:00:00Z');
  await a.setup();
  return a;
}
afterEach(async () => {
  for (const a of apps.splice(0)) await a.cleanup();
});

const run = (a: TestApp, owner = 'p1') => tick({ store: a.store, useCases: a.useCases, clock: a.clock, log: a.deps.log, owner });
const roundPosts = (chat: FakeChat) => chat.posts.filter((p) => p.message.blocks.some((b) => b.kind === 'actions' && b.buttons.some((x) => x.actionId === 'answer')));

describe('scheduler tick', () => {
  it('plans the next first Tuesday, opens it on time, exactly once', async () => {
    const a = await app();
    expect((await run(a)).planned).toBe(1);
    const [planned] = await a.store.rounds.scheduledFor((await a.store.networks.all())[0]?.id ?? '');
    expect(planned?.opensAt.toISOString()).toBe('2026-03-03T08:00:00.000Z');
    expect(planned?.closesAt.toISOString()).toBe('2026-03-10T08:00:00.000Z');
    expect(roundPosts(a.slack)).toHaveLength(0);

    a.clock.set('2026-03-03T08:00:00Z');
    expect((await run(a)).opened).toBe(1);
    await run(a);
    a.clock.set('2026-03-03T08:05:00Z');
    await run(a);
    expect(roundPosts(a.slack)).toHaveLength(1);
  });

  it('after a restart inside the open period opens once, late, with the same close time', async () => {
    const a = await app();
    await run(a);
    a.clock.set('2026-03-06T15:00:00Z'); // the bot was down on Tuesday
    await run(a);
    await run(a);
    expect(roundPosts(a.slack)).toHaveLength(1);
    const open = await a.store.rounds.openFor((await a.store.networks.all())[0]?.id ?? '');
    expect(open?.closesAt.toISOString()).toBe('2026-03-10T08:00:00.000Z');
  });

  it('after a restart past the open period skips the round, opens no backlog, and plans the next', async () => {
    const a = await app();
    await run(a);
    a.clock.set('2026-06-20T12:00:00Z'); // down for months
    await run(a);
    await run(a);
    expect(roundPosts(a.slack)).toHaveLength(0);
    expect(a.logs.some((l) => l.msg === 'scheduled round skipped')).toBe(true);
    const next = await a.store.rounds.scheduledFor((await a.store.networks.all())[0]?.id ?? '');
    expect(next.map((r) => r.opensAt.toISOString())).toEqual(['2026-07-07T07:00:00.000Z']);
  });

  it('closes an overdue round at start-up and posts its results once', async () => {
    const a = await app();
    await run(a);
    a.clock.set('2026-03-03T08:00:00Z');
    await run(a);
    a.clock.set('2026-03-12T09:00:00Z'); // down across the close
    const report = await run(a);
    expect(report.closed).toBe(1);
    await run(a);
    const results = a.slack.posts.filter((p) => messageText(p.message).includes('Uitkomst'));
    expect(results).toHaveLength(1);
  });

  it('two schedulers on one database file open each round exactly once', async () => {
    const a = await app();
    const { store: secondStore, linkage: secondLinkage } = a.db.openBoth();
    const secondChat = fakeChat('slack');
    const second = createUseCases({ ...a.deps, store: secondStore, linkage: secondLinkage, chat: new Map<Platform, FakeChat>([['slack', secondChat]]), random: seededRandom(9) });
    await run(a);
    for (const at of ['2026-03-03T08:00:00Z', '2026-03-03T08:01:00Z', '2026-03-10T08:00:00Z', '2026-04-07T07:00:00Z']) {
      a.clock.set(at);
      await Promise.all([run(a, 'p1'), tick({ store: secondStore, useCases: second, clock: a.clock, log: a.deps.log, owner: 'p2' })]);
    }
    expect(roundPosts(a.slack).length + roundPosts(secondChat).length).toBe(2);
  });

  it('recovers a job whose process was killed between claim and post, once the lease runs out', async () => {
    const a = await app();
    await run(a);
    const round = (await a.store.rounds.scheduledFor((await a.store.networks.all())[0]?.id ?? ''))[0];
    a.clock.set('2026-03-03T08:00:00Z');
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'tests/scheduler/claim-child.ts', a.db.path, `open:${round?.id ?? ''}`, a.clock.now().toISOString()], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).toContain('claimed');
    await run(a); // the dead process still holds the lease
    expect(roundPosts(a.slack)).toHaveLength(0);
    a.clock.advance(3 * 60_000);
    await run(a);
    await run(a);
    expect(roundPosts(a.slack)).toHaveLength(1);
  });

  it('retries a failing post and still closes the round on time', async () => {
    const a = await app();
    await run(a);
    a.clock.set('2026-03-03T08:00:00Z');
    a.slack.failNextPosts(2, 'unavailable');
    await run(a);
    a.clock.advance(60_000);
    await run(a);
    a.clock.advance(60_000);
    await run(a);
    expect(roundPosts(a.slack)).toHaveLength(1);
    a.clock.set('2026-03-10T08:00:00Z');
    expect((await run(a)).closed).toBe(1);
  });

  it('reminds in the channel with the count and time left, naming no one, and DMs only non-respondents', async () => {
    const a = createTestApp();
    apps.push(a);
    a.clock.set('2026-03-01T12:00:00Z');
    await a.setup({ dmReminders: true });
    const voters = a.voters(4);
    a.slack.memberList = voters;
    await run(a);
    a.clock.set('2026-03-03T08:00:00Z');
    await run(a);
    const round = await a.store.rounds.openFor((await a.store.networks.all())[0]?.id ?? '');
    await a.useCases.answerLevel(round?.id ?? '', voters[0]!, 2);
    await a.useCases.answerLevel(round?.id ?? '', voters[1]!, 3);
    a.clock.set(round?.remindAt ?? new Date());
    expect((await run(a)).reminded).toBe(1);
    await run(a);
    // The first post is the round message; the reminder follows it.
    const reminders = a.slack.posts.slice(1);
    expect(reminders).toHaveLength(1);
    const text = messageText(reminders[0]!.message);
    expect(text).toContain('2');
    for (const v of voters) expect(text).not.toContain(v.user);
    expect(a.slack.directs.map((d) => d.user.user).sort()).toEqual([voters[2]!.user, voters[3]!.user]);
  });
});

// Content is loaded once for all apps.
testContent();

describe('a channel that is gone', () => {
  it('closes the round quietly and tells the coordinators', async () => {
    const a = await app();
    await run(a);
    a.clock.set('2026-03-03T08:00:00Z');
    a.slack.failNextPosts(1, 'channel_gone');
    const first = await run(a);
    a.clock.advance(60_000);
    const second = await run(a);
    expect(first.closed + second.closed).toBe(1);
    const network = (await a.store.networks.all())[0]!;
    expect(await a.store.rounds.openFor(network.id)).toBeUndefined();
    expect(a.slack.directs.map((d) => d.user.user)).toEqual([a.coordinator.user]);
    expect(messageText(a.slack.directs[0]!.message)).toContain('gesloten zonder bericht in het kanaal');
  });
});
