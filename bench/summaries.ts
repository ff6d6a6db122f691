/**
 * Summary speed: one network with 120 closed rounds of 30 answers (summary without and
 * with the chart), and 1,000 networks (every latest result). Rounds are built through
 * the same use cases as the bots, with a clock that moves a month per round.
 */
import { join } from 'node:path';
import { createUseCases, type AppDeps } from '../src/app/index.ts';
import type { UseCases } from '../src/app/use-cases.ts';
import { loadContent } from '../src/content/load.ts';
import type { Platform, UserRef } from '../src/core/network.ts';
import type { ChatGateway, Clock } from '../src/core/ports.ts';
import { createLogger } from '../src/log.ts';
import { openStores } from '../src/store/index.ts';
import { cryptoRandom } from '../src/system.ts';
import { instantGateway } from './recording.ts';
import { ms, record, section } from './report.ts';

interface Built {
  useCases: UseCases;
  deps: AppDeps;
  close(): Promise<void>;
}

function movableClock(start: string): Clock & { advanceDays(days: number): void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advanceDays: (d) => (now += d * 86_400_000) };
}

function build(path: string, clock: Clock, renderChart?: AppDeps['renderChart']): Built {
  const stores = openStores(path);
  const { store, linkage } = stores;
  const chat = new Map<Platform, ChatGateway>([['slack', instantGateway('slack')]]);
  const deps: AppDeps = { store, linkage, chat, content: loadContent(), clock, random: cryptoRandom, log: createLogger('error'), publicBaseUrl: 'http://localhost', renderChart };
  return { useCases: createUseCases(deps), deps, close: () => stores.close() };
}

async function closedRounds(useCases: UseCases, clock: ReturnType<typeof movableClock>, channel: string, rounds: number, answers: number): Promise<void> {
  const binding = { platform: 'slack' as const, workspace: 'T1', channel, serviceUrl: '' };
  const actor: UserRef = { platform: 'slack', workspace: 'T1', user: `UC-${channel}` };
  await useCases.submitSetup(binding, actor, { name: `Netwerk ${channel}` }, (await useCases.setupForm(binding, actor)).context);
  for (let r = 0; r < rounds; r++) {
    const round = await useCases.openRoundNow(binding, actor);
    for (let i = 0; i < answers; i++) {
      const level = Math.min(4, 1 + Math.floor(((i * 7 + r * 3) % 10) / 3)) as 1 | 2 | 3 | 4;
      await useCases.answerLevel(round.id, { platform: 'slack', workspace: 'T1', user: `U${i}` }, level);
    }
    clock.advanceDays(1);
    await useCases.closeRoundNow(binding, actor);
    clock.advanceDays(29);
  }
}

function timeIt(runs: number, fn: () => Promise<unknown>): Promise<number> {
  return (async () => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      await fn();
      samples.push(ms(start));
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)] as number;
  })();
}

export async function benchSummaries(dir: string, renderChart?: AppDeps['renderChart']): Promise<void> {
  section('Summaries (one network, 120 closed rounds of 30 answers)');
  const clock = movableClock('2016-01-05T08:00:00Z');
  const plain = build(join(dir, 'summaries.db'), clock);
  await closedRounds(plain.useCases, clock, 'C-HIST', 120, 30);
  const channel = { platform: 'slack' as const, workspace: 'T1', channel: 'C-HIST' };
  const actor: UserRef = { platform: 'slack', workspace: 'T1', user: 'UC-C-HIST' };
  const networkId = (await plain.deps.store.bindings.find(channel))?.networkId ?? '';
  const latestResult = await timeIt(50, async () => plain.deps.store.rounds.closedFor(networkId, 1));
  const without = await timeIt(50, () => plain.useCases.summary(channel, actor));
  await plain.close();
  record({ section: 'summaries', name: 'read latest stored result (baseline)', value: latestResult, unit: 'ms' });
  record({ section: 'summaries', name: 'summary without chart (median of 50)', value: without, unit: 'ms', baseline: { name: 'read latest', value: latestResult }, target: '< 10 ms' });
  if (renderChart) {
    const charted = build(join(dir, 'summaries.db'), clock, renderChart);
    const withChart = await timeIt(20, () => charted.useCases.summary(channel, actor));
    await charted.close();
    record({ section: 'summaries', name: 'summary with chart (median of 20)', value: withChart, unit: 'ms', baseline: { name: 'without chart', value: without }, target: '< 150 ms' });
  }

  section('Latest results of 1,000 networks (3 closed rounds of 6 answers each)');
  const manyClock = movableClock('2026-01-06T08:00:00Z');
  const many = build(join(dir, 'many.db'), manyClock);
  const networks = 1000;
  const bindingOf = (i: number) => ({ platform: 'slack' as const, workspace: 'T1', channel: `C${i}`, serviceUrl: '' });
  const actorOf = (i: number): UserRef => ({ platform: 'slack', workspace: 'T1', user: `UC-C${i}` });
  for (let i = 0; i < networks; i++) await many.useCases.submitSetup(bindingOf(i), actorOf(i), { name: `Netwerk ${i}` }, (await many.useCases.setupForm(bindingOf(i), actorOf(i))).context);
  // All networks move through their months together, so dates stay realistic.
  for (let r = 0; r < 3; r++) {
    for (let i = 0; i < networks; i++) {
      const round = await many.useCases.openRoundNow(bindingOf(i), actorOf(i));
      for (let a = 0; a < 6; a++) {
        await many.useCases.answerLevel(round.id, { platform: 'slack', workspace: 'T1', user: `U${a}` }, (((a + r + i) % 4) + 1) as 1 | 2 | 3 | 4);
      }
    }
    // At the planned close: six answers are too thin a margin above k = 5 to close early.
    manyClock.advanceDays(7);
    for (let i = 0; i < networks; i++) await many.useCases.closeRoundNow(bindingOf(i), actorOf(i));
    manyClock.advanceDays(23);
  }
  const start = process.hrtime.bigint();
  for (let i = 0; i < networks; i++) {
    await many.useCases.summary({ platform: 'slack', workspace: 'T1', channel: `C${i}` }, { platform: 'slack', workspace: 'T1', user: `UC-C${i}` });
  }
  const all = ms(start);
  await many.close();
  record({ section: 'summaries', name: 'summaries of all 1,000 networks', value: all, unit: 'ms', baseline: { name: 'one summary × 1,000', value: without * networks } });
}
