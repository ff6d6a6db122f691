/**
 * Three bot processes, started the way `npm start` starts them, behind no balancer but
 * the test itself, sharing one PostgreSQL database:
 * - 200 networks due at once: every round opens once and is posted once, whichever
 *   process does it, and each network gets exactly one next round planned;
 * - answers spread over the three, one SIGKILLed mid-burst: every acknowledged answer
 *   is in the linkage and counted in the results another process posts;
 * - a process SIGKILLed while it holds the claim of a round's opening (its post held in
 *   flight): another finishes the job once its lease runs out, posting exactly once.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUseCases } from '../../src/app/index.ts';
import { participationToken } from '../../src/app/tokens.ts';
import type { AppUseCases } from '../../src/app/use-cases.ts';
import { loadContent } from '../../src/content/load.ts';
import { openPostgresStores, type OpenStores } from '../../src/store/index.ts';
import { cryptoRandom, systemClock } from '../../src/system.ts';
import { startBotProcess, type BotProcess } from '../fixtures/bot-process.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fixtures/slack/fake-slack-api.ts';
import { blockActions, form, payloadForm, sendSlack, slashCommand, TEAM } from '../fixtures/slack/requests.ts';
import { quietLog, SIGNING_SECRET } from '../fixtures/slack/slack-bot.ts';
import { createDatabase, postgres } from '../helpers/postgres.ts';

const NETWORKS = 200;
const server = postgres();
const describeIt = server ? it : it.skip;

let api: FakeSlackApi;
let database: Awaited<ReturnType<typeof createDatabase>>;
let env: Record<string, string>;
let seed: { stores: OpenStores; useCases: AppUseCases };
const bots: BotProcess[] = [];

const channelOf = (i: number): string => `CR${i}`;
const coordinatorOf = (i: number): string => `UC${i}`;

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A network set up through the real use cases, with a round due a minute ago. */
async function networkDueNow(i: number): Promise<{ networkId: string; roundId: string }> {
  const binding = { platform: 'slack' as const, workspace: TEAM, channel: channelOf(i), serviceUrl: '' };
  const actor = { platform: 'slack' as const, workspace: TEAM, user: coordinatorOf(i) };
  const { context } = await seed.useCases.setupForm(binding, actor);
  const { network } = await seed.useCases.submitSetup(binding, actor, { name: `Netwerk ${i}`, k: 3 }, context);
  const round = await seed.useCases.scheduleRound(network.id, new Date(Date.now() - 60_000));
  if (!round) throw new Error('no round planned');
  return { networkId: network.id, roundId: round.id };
}

const roundPosts = (channel?: string) =>
  api.called('chat.postMessage').filter((c) => JSON.stringify(c.args.blocks ?? []).includes('"action_id":"answer') && (channel === undefined || c.args.channel === channel));

beforeAll(async () => {
  if (!server) return;
  api = await startFakeSlackApi();
  database = await createDatabase(server);
  const stores = await openPostgresStores(database.url, { poolSize: 4 });
  seed = {
    stores,
    useCases: createUseCases({ ...stores, chat: new Map(), content: loadContent(), clock: systemClock, random: cryptoRandom, log: quietLog, publicBaseUrl: 'http://localhost' }),
  };
  for (let i = 0; i < NETWORKS; i++) await networkDueNow(i);
  env = {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-0000-test',
    SLACK_API_URL: api.apiUrl,
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '5',
    SECRETS_KEY: 'r'.repeat(64),
    // Short, so a dead process's claims run out within the test.
    SCHEDULER_INTERVAL_SECONDS: '1',
    SCHEDULER_LEASE_SECONDS: '3',
  };
}, 120_000);

afterAll(async () => {
  for (const bot of bots) await bot.kill('SIGKILL');
  await seed?.stores.close();
  await database?.drop();
  await api?.close();
});

describeIt('three processes on one database open each of 200 due rounds exactly once', async () => {
  bots.push(...(await Promise.all([startBotProcess(env), startBotProcess(env), startBotProcess(env)])));
  await until(() => roundPosts().length >= NETWORKS, `${NETWORKS} round posts`, 90_000);
  // Settled: a few more ticks of every process change nothing.
  await new Promise((r) => setTimeout(r, 3000));

  const perChannel = new Map<string, number>();
  for (const post of roundPosts()) perChannel.set(String(post.args.channel), (perChannel.get(String(post.args.channel)) ?? 0) + 1);
  expect(perChannel.size).toBe(NETWORKS);
  expect([...perChannel.values()].every((n) => n === 1)).toBe(true);

  const { store } = seed.stores;
  const networks = await store.networks.all();
  expect(networks).toHaveLength(NETWORKS);
  for (const network of networks) {
    const open = await store.rounds.openFor(network.id);
    expect(open).toBeDefined();
    expect((await store.posts.forRound(open!.id, 'round')).map((p) => p.state)).toEqual(['posted']);
    // One next round planned, never two from processes planning at once.
    expect(await store.rounds.scheduledFor(network.id)).toHaveLength(1);
  }
  // Each opening was done (and logged) by one process; together they did all of them.
  const opened = bots.map((bot) => bot.lines.filter((l) => l.includes('"msg":"round opened"')).length);
  expect(opened.reduce((a, b) => a + b, 0)).toBe(NETWORKS);
}, 150_000);

describeIt('answers spread over the three, one killed mid-burst: every acknowledged answer is kept and counted', async () => {
  const { store, linkage } = seed.stores;
  const network = (await store.networks.all())[0]!;
  const channel = (await store.bindings.forNetwork(network.id))[0]!.channel;
  const round = (await store.rounds.openFor(network.id))!;
  const victim = bots[1]!;

  const acked: string[] = [];
  let sent = 0;
  const click = async (bot: BotProcess, user: string): Promise<void> => {
    const level = (sent++ % 4) + 1;
    try {
      const payload = blockActions({ user, channel, actionId: `answer#${level - 1}`, value: `${round.id}:${level}`, responseUrl: api.responseUrl(user) });
      const res = await sendSlack(bot.url, SIGNING_SECRET, payloadForm(payload));
      if (res.status === 200) acked.push(user);
    } catch {
      // The connection died with the process: not acknowledged.
    }
  };
  for (let batch = 0; batch < 15; batch++) {
    const burst = Promise.all(bots.flatMap((bot, b) => [0, 1, 2].map((i) => click(bot, `UK${batch}x${b}x${i}`))));
    if (batch === 5) {
      await new Promise((r) => setTimeout(r, 2));
      await victim.kill('SIGKILL');
    }
    await burst;
  }
  expect(victim.child.signalCode).toBe('SIGKILL');
  expect(acked.length).toBeGreaterThan(90);
  expect(acked.some((u) => u.includes('x1x') && Number(u.slice(2).split('x')[0]) < 5)).toBe(true);

  const secret = (await linkage.secret(round.id))!;
  const missing: string[] = [];
  for (const user of acked) if (!(await linkage.has(round.id, participationToken(secret, { platform: 'slack', workspace: TEAM, user })))) missing.push(user);
  expect(missing).toEqual([]);
  const count = await linkage.count(round.id);
  expect(count).toBeGreaterThanOrEqual(acked.length);

  // Another process closes the round and counts every one of them.
  const survivor = bots[0]!;
  await sendSlack(survivor.url, SIGNING_SECRET, form(slashCommand({ text: 'close', channel_id: channel, user_id: coordinatorOf(0), response_url: api.responseUrl('close') })));
  await until(() => api.called('chat.postMessage').some((c) => c.args.channel === channel && JSON.stringify(c.args).includes('Uitkomst')), 'the results');
  const results = api.called('chat.postMessage').filter((c) => c.args.channel === channel && JSON.stringify(c.args).includes('Uitkomst'));
  expect(results).toHaveLength(1);
  expect(JSON.stringify(results[0]!.args)).toContain(`${count} reacties`);
  expect(await store.answers.count(round.id)).toBe(count);
}, 90_000);

describeIt('a process killed holding the claim of an opening has its job finished once by another', async () => {
  const { store } = seed.stores;
  const i = NETWORKS;
  const hold = api.holdPosts(channelOf(i));
  const { roundId } = await networkDueNow(i);
  // One of the live processes claims the opening and is now posting it, held in flight.
  await until(() => hold.held() === 1, 'the held round post', 30_000);
  const [lease] = await leaseOwners(`open:${roundId}`);
  const holderPid = Number(lease?.split(':')[1]);
  const holder = bots.find((bot) => bot.child.pid === holderPid && bot.child.signalCode === null);
  expect(holder).toBeDefined();
  await holder!.kill('SIGKILL');
  // Released once Slack has seen the dead process hang up: its post is then never made.
  await until(() => hold.hungUp() === 1, 'the killed process hanging up', 30_000);
  hold.release();

  await until(() => roundPosts(channelOf(i)).length === 1, 'the round post by another process', 30_000);
  // Several lease lengths later nothing more has been posted.
  await new Promise((r) => setTimeout(r, 8000));
  expect(roundPosts(channelOf(i))).toHaveLength(1);
  const [post] = await store.posts.forRound(roundId, 'round');
  expect(post?.state).toBe('posted');
  expect(post?.messageId).toMatch(/^\d+\.\d{6}$/);
  expect((await store.rounds.get(roundId))?.status).toBe('open');
}, 90_000);

async function leaseOwners(job: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<{ owner: string }>('SELECT owner FROM scheduler_leases WHERE job = $1', [job])).rows.map((r) => r.owner);
  } finally {
    await client.end();
  }
}
