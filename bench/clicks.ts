/**
 * Answer clicks under load: signed Slack `block_actions` and Teams `adaptiveCard/action`
 * invokes from distinct people at 200, 500 and 1,000 clicks/s, against the whole bot
 * and against a bare app on the same receiver whose handler only acknowledges. Counts
 * the clicks answered with the polite "busy, try again" (past ANSWERS_IN_FLIGHT or
 * ANSWER_MAX_WAIT_MS, which the bot takes from the bench's environment) and checks afterwards that every other
 * acknowledged answer is in the database.
 *
 * The knee: the rate is stepped up from 100 clicks/s by half each step (shorter runs, a
 * fresh bot each step) until the bot has errors or an ack p99 over 100 ms; the last
 * rate it kept both is its capacity on this machine, the first it did not lies beyond.
 */
import { t } from '../src/content/i18n.ts';
import { loadContent } from '../src/content/load.ts';
import { openStores } from '../src/store/index.ts';
import { cardAction, person, scene } from '../fixtures/teams/activities.ts';
import { blockActions, payloadForm, signature, SIGNING_SECRET } from '../fixtures/slack/requests.ts';
import { poster, runLoad, startCompiledBot, startTarget, type LoadResult, type Prepared, type Target } from './load.ts';
import { loadAverage, record, section } from './report.ts';

const RATES = [200, 500, 1000];
/** The bots' admission bounds, passed on from the bench's environment when set. */
const ADMISSION_ENV = ['ANSWERS_IN_FLIGHT', 'ANSWER_MAX_WAIT_MS'] as const;
/** The polite "busy, try again" in the bots' language (Dutch, the default). */
const BUSY_TEXT = t(loadContent(), 'nl', 'app.error.busy');
/** The rate the issue holds the bot to: zero errors and ack p99 < 100 ms. */
const HELD_RATE = 1000;
const KNEE_START = 100;
/** Each step is this much faster than the one before. */
const KNEE_FACTOR = 1.5;
const KNEE_MAX = 6000;
const KNEE_P99_MS = 100;

function report(platform: string, rate: number, result: StepResult): void {
  const { bot, bare, recorded, busy } = result;
  const name = (what: string) => `${platform} ${rate}/s ${what}`;
  record({ section: 'clicks', name: name('ack p50'), value: bot.p50, unit: 'ms', baseline: { name: 'bare', value: bare.p50 } });
  record({ section: 'clicks', name: name('ack p95'), value: bot.p95, unit: 'ms', baseline: { name: 'bare', value: bare.p95 } });
  record({
    section: 'clicks',
    name: name('ack p99'),
    value: bot.p99,
    unit: 'ms',
    baseline: { name: 'bare', value: bare.p99 },
    ...(rate === HELD_RATE ? { target: '< 100 ms' } : {}),
  });
  record({ section: 'clicks', name: name('errors (bot / bare)'), value: bot.errors, unit: `/ ${bare.errors}`, ...(rate === HELD_RATE ? { target: '0' } : {}) });
  record({ section: 'clicks', name: name('CPU time per click'), value: result.cpu.bot, unit: 'ms', baseline: { name: 'bare', value: result.cpu.bare } });
  record({ section: 'clicks', name: name("the platform stand-in's CPU time per click (same cores)"), value: result.cpu.fake, unit: 'ms' });
  record({ section: 'clicks', name: name('achieved rate'), value: bot.rate, unit: 'clicks/s', baseline: { name: 'bare', value: bare.rate } });
  record({ section: 'clicks', name: name('answered "busy, try again" (nothing recorded)'), value: busy, unit: `/ ${bot.ok} acknowledged` });
  record({ section: 'clicks', name: name('answers recorded / acknowledged without "busy"'), value: recorded, unit: `/ ${bot.ok - busy}` });
}

interface ClickBench {
  platform: 'slack' | 'teams';
  title: string;
  /** The remote stand-in and how the bot finds it. */
  fake: { kind: string; env: (info: Record<string, string>) => Record<string, string> };
  /** The target that makes the bot's database (a network with an open round). */
  bot: string;
  /** The compiled bot's configuration besides its database, given the fake's info. */
  botEnv: (fake: Record<string, string>) => Record<string, string>;
  bare: string;
  /** How the "busy, try again" replies are counted: in the response body (Teams), or the fake's response URLs (Slack). */
  busy: { marker: string } | { fromFake: true };
  /** The request of one click by the i-th person at this rate, built (and signed) before the run. */
  click: (fake: Target, roundId: string, rate: number, i: number) => Prepared;
}

/** One rate: a fresh bot and the bare app, the same load on each; what the bot recorded. */
interface StepResult {
  bot: LoadResult;
  bare: LoadResult;
  recorded: number;
  busy: number;
  rssMb: number;
  /** CPU time per click (ms), of the bot, of the bare app, and of the platform's stand-in while the bot ran (it shares the cores). */
  cpu: { bot: number; bare: number; fake: number };
}

async function step(bench: ClickBench, fake: Target, bare: Target, rate: number, seconds: number): Promise<StepResult> {
  const admission = Object.fromEntries(ADMISSION_ENV.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
  const prepared = await startTarget(bench.bot, bench.fake.env(fake.info));
  await new Promise((resolve) => (prepared.child.exitCode !== null ? resolve(undefined) : prepared.child.once('exit', resolve)));
  const dbPath = prepared.info.dbPath ?? '';
  const bot = await startCompiledBot({ ...bench.botEnv(fake.info), DATABASE_PATH: dbPath, ...admission });
  try {
    const roundId = prepared.info.roundId ?? '';
    // Built before the clock starts, so the generator spends its time sending.
    const requests = Array.from({ length: Math.round(rate * seconds) }, (_, i) => bench.click(fake, roundId, rate, i));
    const load = (target: Target) => {
      const post = poster(target.info.url ?? '', 'marker' in bench.busy ? bench.busy.marker : undefined);
      return (i: number) => post(requests[i] as Prepared);
    };
    const bareCpu = bare.cpuMs();
    const baseline = await runLoad(rate, seconds, load(bare));
    const bareCpuMs = (bare.cpuMs() - bareCpu) / requests.length;
    const busyBefore = await fakeBusy(fake);
    const botCpu = bot.cpuMs();
    const fakeCpu = fake.cpuMs();
    const measured = await runLoad(rate, seconds, load(bot));
    const botCpuMs = (bot.cpuMs() - botCpu) / requests.length;
    const fakeCpuMs = (fake.cpuMs() - fakeCpu) / requests.length;
    await new Promise((r) => setTimeout(r, 500));
    const stores = openStores(dbPath);
    const recorded = await stores.linkage.count(roundId);
    await stores.close();
    // Slack's replies go to response URLs after the ack: wait until they stop arriving.
    let busy = measured.busy;
    if (!('marker' in bench.busy)) {
      for (let last = -1; busy !== last; await new Promise((r) => setTimeout(r, 500))) {
        last = busy;
        busy = (await fakeBusy(fake)) - busyBefore;
      }
    }
    return { bot: measured, bare: baseline, recorded, busy, rssMb: bot.rssMb(), cpu: { bot: botCpuMs, bare: bareCpuMs, fake: fakeCpuMs } };
  } finally {
    await bot.stop();
  }
}

/** "Busy" replies the fake Slack has had at its response URLs (0 for the fake connector). */
async function fakeBusy(fake: Target): Promise<number> {
  if (!fake.info.statsUrl) return 0;
  return ((await (await fetch(`${fake.info.statsUrl}/busy`)).json()) as { busy: number }).busy;
}

async function withTargets<T>(bench: ClickBench, run: (fake: Target, bare: Target) => Promise<T>): Promise<T> {
  const fake = await startTarget(bench.fake.kind);
  const bare = await startTarget(bench.bare);
  try {
    return await run(fake, bare);
  } finally {
    await bare.stop();
    await fake.stop();
  }
}

async function benchClicks(bench: ClickBench, seconds: number, rates: readonly number[]): Promise<void> {
  section(`${bench.title.replace('{seconds}', String(seconds))} — load before: ${loadAverage().toFixed(2)}`);
  await withTargets(bench, async (fake, bare) => {
    for (const rate of rates) {
      const result = await step(bench, fake, bare, rate, seconds);
      report(bench.platform, rate, result);
      if (rate === rates.at(-1)) record({ section: 'memory', name: `${bench.platform} bot RSS after the ${rate}/s run`, value: result.rssMb, unit: 'MB' });
    }
  });
}

/** Steps the rate up until the bot has errors or p99 over 100 ms; reports the last rate it held. */
async function benchKnee(bench: ClickBench, seconds: number): Promise<void> {
  section(`${bench.platform} knee (${seconds} s per step from ${KNEE_START}/s, ×${KNEE_FACTOR} each step) — load before: ${loadAverage().toFixed(2)}`);
  await withTargets(bench, async (fake, bare) => {
    let held: { rate: number; bare: LoadResult } | undefined;
    for (let rate = KNEE_START; rate <= KNEE_MAX; rate = Math.round(rate * KNEE_FACTOR)) {
      const result = await step(bench, fake, bare, rate, seconds);
      const ok = result.bot.errors === 0 && result.bot.p99 <= KNEE_P99_MS;
      record({
        section: 'knee',
        name: `${bench.platform} ${rate}/s ack p99 (errors ${result.bot.errors}, busy ${result.busy}, recorded ${result.recorded}/${result.bot.ok - result.busy})`,
        value: result.bot.p99,
        unit: 'ms',
        baseline: { name: 'bare', value: result.bare.p99 },
      });
      if (!ok) break;
      held = { rate, bare: result.bare };
    }
    record({
      section: 'knee',
      name: `${bench.platform} highest rate held (0 errors, p99 ≤ ${KNEE_P99_MS} ms)`,
      value: held?.rate ?? 0,
      unit: 'clicks/s',
      baseline: { name: 'the rate to hold', value: HELD_RATE },
      target: `≥ ${HELD_RATE}`,
    });
  });
}

const SLACK: ClickBench = {
  platform: 'slack',
  title: 'Slack answer clicks ({seconds} s per rate, distinct people, signed block_actions)',
  fake: { kind: 'fake-slack', env: (info) => ({ SLACK_API_URL: info.apiUrl ?? '' }) },
  bot: 'slack-bot',
  botEnv: (info) => ({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: info.apiUrl ?? '' }),
  bare: 'slack-bare',
  busy: { fromFake: true },
  click: (fake, roundId, rate, i) => {
    const body = payloadForm(blockActions({ user: `UL${rate}x${i}`, actionId: `answer#${i % 4}`, value: `${roundId}:${(i % 4) + 1}`, responseUrl: `${fake.info.url ?? ''}/respond/${i}` }));
    // Signed now; Slack's signatures stay valid for five minutes, far longer than a run.
    const timestamp = Math.floor(Date.now() / 1000);
    return {
      path: '/slack/events',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature(SIGNING_SECRET, timestamp, body) },
    };
  },
};

const TEAMS: ClickBench = {
  platform: 'teams',
  title: 'Teams answer clicks ({seconds} s per rate, distinct people, adaptiveCard/action invokes)',
  fake: { kind: 'fake-connector', env: (info) => ({ CONNECTOR_URL: info.serviceUrl ?? '' }) },
  bot: 'teams-bot',
  // Local mode: activities are not authenticated, as in the bare baseline.
  botEnv: () => ({}),
  bare: 'teams-bare',
  busy: { marker: BUSY_TEXT },
  click: (fake, roundId, rate, i) => ({
    path: '/api/messages',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(cardAction(scene({ serviceUrl: fake.info.serviceUrl ?? '' }), person(rate * 100_000 + i), 'answer', { value: `${roundId}:${(i % 4) + 1}` })),
  }),
};

export const CLICK_BENCHES = { slack: SLACK, teams: TEAMS } as const;
export type ClickPlatform = keyof typeof CLICK_BENCHES;

export function benchPlatformClicks(platform: ClickPlatform, seconds: number, rates: readonly number[] = RATES): Promise<void> {
  return benchClicks(CLICK_BENCHES[platform], seconds, rates);
}

export function benchPlatformKnee(platform: ClickPlatform, seconds: number): Promise<void> {
  return benchKnee(CLICK_BENCHES[platform], seconds);
}
