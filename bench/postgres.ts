/**
 * PostgreSQL next to SQLite, on a throwaway PostgreSQL server with production settings
 * (fsync on), started here: answer clicks at 200/s against the bot on each engine and
 * spread over three bot processes on one database, and the scheduler opening 1,000
 * networks due in the same minute — one process on each engine, then three processes
 * sharing the database. Every bot is a real process started as `npm start` starts it.
 */
import { join } from 'node:path';
import { createUseCases } from '../src/app/index.ts';
import type { AppUseCases } from '../src/app/use-cases.ts';
import { parseConfig } from '../src/config.ts';
import { loadContent } from '../src/content/load.ts';
import type { Clock } from '../src/core/ports.ts';
import { tick } from '../src/scheduler/tick.ts';
import { startServer } from '../src/server.ts';
import { openPostgresStores, openStores, type OpenStores } from '../src/store/index.ts';
import { cryptoRandom, systemClock } from '../src/system.ts';
import { startBotProcess, type BotProcess } from '../fixtures/bot-process.ts';
import { createDatabase, startCluster, type Cluster } from '../fixtures/postgres/cluster.ts';
import { blockActions, payloadForm, sendSlack, SIGNING_SECRET, TEAM } from '../fixtures/slack/requests.ts';
import { quietLog } from '../fixtures/quiet-log.ts';
import { runLoad, startTarget, type Target } from './load.ts';
import { ms, record, section } from './report.ts';

const RATE = 200;
const NETWORKS = 1000;
const SECRETS_KEY = 'b'.repeat(64);

type Engine = { name: string; env: Record<string, string>; open(): Promise<OpenStores> };

function useCasesOn(stores: OpenStores): AppUseCases {
  return createUseCases({ ...stores, chat: new Map(), content: loadContent(), clock: systemClock, random: cryptoRandom, log: quietLog, publicBaseUrl: 'http://localhost' });
}

/** One network with an open round, set up through the use cases before the bot starts (its first tick posts it). */
async function openRoundOn(engine: Engine): Promise<string> {
  const stores = await engine.open();
  try {
    const useCases = useCasesOn(stores);
    const binding = { platform: 'slack' as const, workspace: TEAM, channel: 'C0BENCH', serviceUrl: '' };
    const actor = { platform: 'slack' as const, workspace: TEAM, user: 'U0COORD' };
    const { context } = await useCases.setupForm(binding, actor);
    await useCases.submitSetup(binding, actor, { name: 'Bench' }, context);
    return (await useCases.openRoundNow(binding, actor)).id;
  } finally {
    await stores.close();
  }
}

async function clicks(label: string, engine: Engine, fake: Target, seconds: number, processes: number): Promise<void> {
  const roundId = await openRoundOn(engine);
  const env = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: fake.info.apiUrl ?? '', LOG_LEVEL: 'info', ...engine.env };
  const bots = await Promise.all(Array.from({ length: processes }, () => startBotProcess(env)));
  const click = (user: string, i: number): Promise<number> =>
    sendSlack(
      bots[i % bots.length]!.url,
      SIGNING_SECRET,
      payloadForm(blockActions({ user, actionId: `answer#${i % 4}`, value: `${roundId}:${(i % 4) + 1}`, responseUrl: `${fake.info.url ?? ''}/respond/${i}` })),
    ).then(async (res) => {
      await res.arrayBuffer();
      return res.status;
    });
  try {
    // Warm-up, not measured: a fresh process compiles its code on the first requests.
    const warmup = 60 * processes;
    await runLoad(50, warmup / 50, (i) => click(`UW${i}`, i));
    await new Promise((r) => setTimeout(r, 1000));
    const result = await runLoad(RATE, seconds, (i) => click(`UP${i}`, i));
    await new Promise((r) => setTimeout(r, 500));
    const stores = await engine.open();
    const recorded = (await stores.linkage.count(roundId)) - warmup;
    await stores.close();
    record({ section: 'postgres', name: `${label}: ack p50 / p95`, value: result.p50, unit: `/ ${result.p95.toFixed(1)} ms` });
    record({ section: 'postgres', name: `${label}: ack p99`, value: result.p99, unit: 'ms', target: '< 100 ms' });
    record({ section: 'postgres', name: `${label}: errors; recorded / acknowledged`, value: result.errors, unit: `; ${recorded} / ${result.ok}` });
  } finally {
    for (const bot of bots) await bot.kill('SIGTERM');
  }
}

/** `NETWORKS` networks whose rounds are due a minute ago (planned through the use cases). */
async function dueNetworks(engine: Engine, from: Date): Promise<void> {
  const stores = await engine.open();
  try {
    const useCases = useCasesOn(stores);
    for (let i = 0; i < NETWORKS; i++) {
      const binding = { platform: 'slack' as const, workspace: 'T0FAKE', channel: `CN${i}`, serviceUrl: '' };
      const actor = { platform: 'slack' as const, workspace: 'T0FAKE', user: `UC${i}` };
      const { network } = await useCases.submitSetup(binding, actor, { name: `Netwerk ${i}` }, (await useCases.setupForm(binding, actor)).context);
      await useCases.scheduleRound(network.id, new Date(from.getTime() - 60_000));
    }
  } finally {
    await stores.close();
  }
}

/** One tick of one in-process bot, as the existing scheduler section measures it. */
async function schedulerInProcess(label: string, engine: Engine, databaseEnv: Record<string, string>): Promise<void> {
  const fake = await startTarget('fake-slack', { RATE_LIMIT: '1' });
  const now = new Date();
  const clock: Clock = { now: () => now };
  await dueNetworks(engine, now);
  const config = parseConfig({ SLACK_SIGNING_SECRET: 'ab'.repeat(16), SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: fake.info.apiUrl, PORT: '0', LOG_LEVEL: 'error', ...databaseEnv });
  config.host = '127.0.0.1';
  const server = await startServer(config, { log: quietLog, clock, scheduler: false, slackRetryConfig: { retries: 3, factor: 1, minTimeout: 200, maxTimeout: 1200 } });
  try {
    const start = process.hrtime.bigint();
    const report = await tick({ store: server.deps.store, useCases: server.useCases, clock, log: quietLog, owner: 'bench' });
    const elapsed = ms(start);
    record({ section: 'postgres', name: `scheduler ${label}, one process: ${NETWORKS} due, one tick`, value: elapsed, unit: `ms (${report.opened} opened)` });
  } finally {
    await server.close();
    await fake.stop();
  }
}

/** Three real processes started at once on one database with every round due. */
async function schedulerReplicas(engine: Engine): Promise<void> {
  const fake = await startTarget('fake-slack', { RATE_LIMIT: '1' });
  await dueNetworks(engine, new Date());
  const env = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: fake.info.apiUrl ?? '', LOG_LEVEL: 'info', ...engine.env };
  const start = process.hrtime.bigint();
  const bots: BotProcess[] = await Promise.all([startBotProcess(env), startBotProcess(env), startBotProcess(env)]);
  const started = ms(start);
  try {
    const opened = () => bots.reduce((n, bot) => n + bot.lines.filter((l) => l.includes('"msg":"round opened"')).length, 0);
    const deadline = Date.now() + 300_000;
    while (opened() < NETWORKS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const elapsed = ms(start);
    record({ section: 'postgres', name: `scheduler PostgreSQL, three processes: ${NETWORKS} due`, value: elapsed - started, unit: `ms after all listened (${opened()} opened; start-up ${started.toFixed(0)} ms)` });
    record({ section: 'postgres', name: '  rounds opened by each process', value: bots.map((b) => b.lines.filter((l) => l.includes('"msg":"round opened"')).length)[0] ?? 0, unit: `/ ${bots.slice(1).map((b) => b.lines.filter((l) => l.includes('"msg":"round opened"')).length).join(' / ')}` });
    const stores = await engine.open();
    let twice = 0;
    for (const network of await stores.store.networks.all()) {
      const open = await stores.store.rounds.openFor(network.id);
      if (open && (await stores.store.posts.forRound(open.id, 'round')).filter((p) => p.state === 'posted').length > 1) twice += 1;
    }
    await stores.close();
    record({ section: 'postgres', name: '  channels posted to more than once', value: twice, unit: 'channels', target: '0' });
  } finally {
    for (const bot of bots) await bot.kill('SIGTERM');
    await fake.stop();
  }
}

export async function benchPostgres(dir: string, seconds: number): Promise<void> {
  section(`PostgreSQL next to SQLite (throwaway PostgreSQL server, fsync on; clicks at ${RATE}/s for ${seconds} s)`);
  let cluster: Cluster;
  try {
    cluster = await startCluster({ durable: true });
  } catch (error) {
    process.stdout.write(`  skipped: ${error instanceof Error ? error.message : String(error)}\n`);
    return;
  }
  const postgresEngine = async (name: string): Promise<{ engine: Engine; env: Record<string, string> }> => {
    const database = await createDatabase(cluster, name);
    const env = { DATABASE_URL: database.url, DATABASE_POOL_SIZE: '10', SECRETS_KEY };
    return { env, engine: { name: 'PostgreSQL', env, open: () => openPostgresStores(database.url, { poolSize: 4 }) } };
  };
  const sqliteEngine = (name: string): { engine: Engine; env: Record<string, string> } => {
    // A folder per database: each archive has its own linkage directory beside it.
    const path = join(dir, name, 'bot.db');
    const env = { DATABASE_PATH: path };
    return { env, engine: { name: 'SQLite', env, open: async () => openStores(path) } };
  };
  try {
    const fake = await startTarget('fake-slack');
    try {
      await clicks('clicks SQLite, one process', sqliteEngine('pg-bench-clicks').engine, fake, seconds, 1);
      await clicks('clicks PostgreSQL, one process', (await postgresEngine('clicks_one')).engine, fake, seconds, 1);
      await clicks('clicks PostgreSQL, three processes', (await postgresEngine('clicks_three')).engine, fake, seconds, 3);
    } finally {
      await fake.stop();
    }
    const sqlite = sqliteEngine('pg-bench-scheduler');
    await schedulerInProcess('SQLite', sqlite.engine, sqlite.env);
    const pgOne = await postgresEngine('scheduler_one');
    await schedulerInProcess('PostgreSQL', pgOne.engine, pgOne.env);
    await schedulerReplicas((await postgresEngine('scheduler_three')).engine);
  } finally {
    await cluster.stop();
  }
}
