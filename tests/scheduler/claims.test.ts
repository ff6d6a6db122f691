/**
 * Manual `now` and `close` take the scheduler's claims: a second process — its tick
 * finishing pending posts, or a second `now` — never opens a second round or posts a
 * round or its results twice. In one process with two database connections and a post
 * held in flight, and in two real processes racing on one file.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createUseCases } from '../../src/app/index.ts';
import type { AppUseCases } from '../../src/app/use-cases.ts';
import type { Platform } from '../../src/core/network.ts';
import type { Store } from '../../src/core/store-port.ts';
import { tick } from '../../src/scheduler/tick.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { fakeChat, messageText, type FakeChat } from '../helpers/fake-chat.ts';
import { seededRandom } from '../helpers/random.ts';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.cleanup();
});

/** Posts through this chat wait while `hold()` is in force. */
function holdable(chat: FakeChat): { hold(): () => void; waiting(): number } {
  const post = chat.post.bind(chat);
  let gate: Promise<void> | undefined;
  let waiting = 0;
  chat.post = async (channel, message) => {
    waiting += 1;
    await gate;
    waiting -= 1;
    return post(channel, message);
  };
  return {
    hold() {
      let release = (): void => undefined;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
    waiting: () => waiting,
  };
}

interface Second {
  store: Store;
  chat: FakeChat;
  useCases: AppUseCases;
  tick(): ReturnType<typeof tick>;
}

async function world(): Promise<{ a: TestApp; held: ReturnType<typeof holdable>; second: Second }> {
  const a = createTestApp();
  apps.push(a);
  a.clock.set('2026-03-01T12:00:00Z');
  await a.setup();
  const held = holdable(a.slack);
  const store = a.db.open();
  const chat = fakeChat('slack');
  const useCases = createUseCases({ ...a.deps, store, chat: new Map<Platform, FakeChat>([['slack', chat]]), random: seededRandom(9) });
  return { a, held, second: { store, chat, useCases, tick: () => tick({ store, useCases, clock: a.clock, log: a.deps.log, owner: 'p2' }) } };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};
const isRound = (text: string) => text.includes('Reflectiemoment') && !text.startsWith('Nog even');

describe('manual open and close under the scheduler claims', () => {
  it('`now` while another process ticks and types `now`: one round, one post', async () => {
    const { a, held, second } = (await world());
    const release = held.hold();
    const first = a.useCases.openRoundNow(a.channel, a.coordinator);
    await until(() => held.waiting() === 1);

    // The round is open, its post pending: the other process must leave it alone.
    await expect(second.useCases.openRoundNow(a.channel, a.coordinator)).rejects.toMatchObject({ code: 'round_already_open' });
    const report = await second.tick();
    expect(report.resent).toBe(0);
    expect(second.chat.posts).toHaveLength(0);

    release();
    await first;
    await second.tick();
    const network = (await a.store.networks.all())[0]!;
    expect(a.slack.posts.filter((p) => isRound(messageText(p.message)))).toHaveLength(1);
    expect(second.chat.posts).toHaveLength(0);
    expect(await a.store.rounds.openFor(network.id)).toBeDefined();
    // No stray round was created on the side: only the one open and the next planned run.
    expect((await a.store.rounds.scheduledFor(network.id)).every((r) => r.opensAt.getTime() > a.clock.now().getTime())).toBe(true);
  });

  it('`close` while another process ticks: the results are posted once', async () => {
    const { a, held, second } = (await world());
    await a.useCases.openRoundNow(a.channel, a.coordinator);
    a.clock.advance(60_000);
    const release = held.hold();
    const closing = a.useCases.closeRoundNow(a.channel, a.coordinator);
    await until(() => held.waiting() === 1);

    expect((await second.tick()).resent).toBe(0);
    await expect(second.useCases.closeRoundNow(a.channel, a.coordinator)).rejects.toMatchObject({ code: 'no_open_round' });
    expect(second.chat.posts).toHaveLength(0);

    release();
    await closing;
    await second.tick();
    const results = [...a.slack.posts, ...second.chat.posts].filter((p) => messageText(p.message).includes('Uitkomst'));
    expect(results).toHaveLength(1);
  });

  it('a scheduled opening waits while a coordinator is opening a round, then skips the overlapping run', async () => {
    const { a, held, second } = (await world());
    await a.useCases.scheduleRound((await a.store.networks.all())[0]!.id, new Date('2026-03-01T12:00:00Z'));
    const release = held.hold();
    const first = a.useCases.openRoundNow(a.channel, a.coordinator);
    await until(() => held.waiting() === 1);
    // The tick of the other process finds the planned run due but cannot decide now.
    expect((await second.tick()).opened).toBe(0);
    release();
    await first;
    await second.tick();
    expect(a.slack.posts.filter((p) => isRound(messageText(p.message)))).toHaveLength(1);
    expect(second.chat.posts).toHaveLength(0);
    expect(a.logs.some((l) => l.msg === 'scheduled round skipped' && l.fields.busy === true)).toBe(true);
  });
});

describe('two bot processes typing `now` at the same instant', () => {
  it('open one round and post it once; the other is told a round is already open', async () => {
    const a = createTestApp();
    apps.push(a);
    await a.setup();
    const startAt = String(Date.now() + 4000);
    const child = () =>
      new Promise<{ outcome: string; posts: number }>((resolve, reject) => {
        const p = spawn(process.execPath, ['--import', 'tsx', 'tests/scheduler/now-child.ts', a.db.path, startAt, a.channel.workspace, a.channel.channel, a.coordinator.user], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        p.stdout.on('data', (d: Buffer) => (out += d.toString()));
        p.stderr.on('data', (d: Buffer) => (err += d.toString()));
        p.on('exit', () => {
          try {
            resolve(JSON.parse(out) as { outcome: string; posts: number });
          } catch {
            reject(new Error(`child said: ${out}\n${err}`));
          }
        });
      });
    const outcomes = await Promise.all([child(), child()]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['opened', 'round_already_open']);
    expect(outcomes.reduce((n, o) => n + o.posts, 0)).toBe(1);
    const network = (await a.store.networks.all())[0]!;
    const rounds = a.store.rounds;
    expect(await rounds.openFor(network.id)).toBeDefined();
    // Exactly one round exists: no half-made second one left behind.
    expect(await rounds.scheduledFor(network.id)).toHaveLength(0);
    expect((await rounds.lastOpensAt(network.id))?.getTime()).toBe((await rounds.openFor(network.id))?.opensAt.getTime());
  }, 30_000);
});
