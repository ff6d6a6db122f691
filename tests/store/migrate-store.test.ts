/**
 * `npm run migrate-store`, run as the operator runs it, from an SQLite archive with a
 * closed round and an open one to a fresh PostgreSQL database: the network reads back
 * the same through the store port, the open round's linkage moves (and leaves the
 * linkage directory) so its answers can still be changed and are counted at close, a
 * network not asked for stays behind, and a second run copies nothing twice. A channel's
 * key, label and language, the channel of each closed answer, the join code, platform
 * installations and wrong-code counts move too, and the network's agreements with the
 * round that asks about them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUseCases } from '../../src/app/index.ts';
import { participationToken } from '../../src/app/tokens.ts';
import type { Answer } from '../../src/core/answer.ts';
import type { UserRef } from '../../src/core/network.ts';
import type { Store } from '../../src/core/store-port.ts';
import { openPostgresStores, type OpenStores } from '../../src/store/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createDatabase, postgres } from '../helpers/postgres.ts';

const server = postgres();
const test = server ? it : it.skip;

let app: TestApp;
let database: Awaited<ReturnType<typeof createDatabase>>;
let target: OpenStores | undefined;
let networkId = '';
let otherId = '';
let closedId = '';
let openId = '';
const voters: UserRef[] = [];
const before = new Map<string, Answer | undefined>();
const failedAt = new Date(Date.UTC(2026, 2, 3, 8));
let snapshot: Record<string, unknown> = {};

const migrate = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/migrate-store.ts', ...args], { encoding: 'utf8' });

async function read(store: Store, id: string): Promise<Record<string, unknown>> {
  const [closed] = await store.rounds.closedFor(id, 5);
  const open = await store.rounds.openFor(id);
  return {
    network: await store.networks.get(id),
    bindings: await store.bindings.forNetwork(id),
    coordinators: await store.coordinators.list(id),
    prompts: await store.prompts.used(id),
    closed,
    open,
    scheduled: await store.rounds.scheduledFor(id),
    answers: closed ? (await store.answers.forRound(closed.id)).sort((a, b) => a.id.localeCompare(b.id)) : [],
    results: closed ? await store.posts.forRound(closed.id, 'results') : [],
    joinCode: await store.joinCodes.has(id),
    agreements: await store.agreements.forNetwork(id),
    asked: open ? await store.agreements.askedIn(open.id) : [],
    roundPosts: open ? await store.posts.forRound(open.id, 'round') : [],
  };
}

beforeAll(async () => {
  if (!server) return;
  app = createTestApp();
  await app.setup({ k: 3 });
  voters.push(...app.voters(6));
  const closed = await app.useCases.openRoundNow(app.channel, app.coordinator);
  for (const [i, v] of voters.entries()) await app.useCases.answerLevel(closed.id, v, ((i % 4) + 1) as 1 | 2 | 3 | 4, app.channel);
  app.clock.advance(8 * 86_400_000);
  await app.useCases.closeRound(closed.id);
  closedId = closed.id;
  const open = await app.useCases.openRoundNow(app.channel, app.coordinator);
  openId = open.id;
  for (const [i, v] of voters.slice(0, 4).entries()) await app.useCases.answerLevel(open.id, v, ((i % 3) + 2) as 2 | 3 | 4, app.channel);
  for (const v of voters) before.set(v.user, await app.answerOf(open.id, v));
  networkId = (await app.useCases.networkFor(app.channel))!.id;
  const other = { ...app.channel, channel: 'C0OTHER' };
  await app.useCases.submitSetup(other, app.coordinator, { name: 'Ander netwerk' }, (await app.useCases.setupForm(other, app.coordinator)).context);
  otherId = (await app.useCases.networkFor(other))!.id;
  const agreement = { networkId, text: 'Elke maand samen lunchen', sourceItem: null, afterRoundId: closedId, status: 'open' as const, closedAt: null };
  await app.store.agreements.create({ ...agreement, id: 'agr-lunch', owner: 'werkgroep', createdAt: new Date(Date.UTC(2026, 2, 1)) });
  await app.store.agreements.create({ ...agreement, id: 'agr-agenda', text: 'Een gedeelde agenda', owner: null, createdAt: new Date(Date.UTC(2026, 2, 2)) });
  await app.store.agreements.ask(openId, ['agr-agenda', 'agr-lunch']);
  await app.store.bindings.describe(app.channel, { label: 'Gemeente', language: 'en' });
  await app.store.installations.save({ platform: 'slack', key: 'team:T0A', sealed: 'v1.sealed-by-the-bot' });
  await app.store.joinAttempts.recordFailure(['subject-a', 'subject-b'], failedAt);
  snapshot = await read(app.store, networkId);
  await app.settle();
  // The bot is stopped before the move.
  await app.linkage.close();
  await app.store.close();
  database = await createDatabase(server);
}, 60_000);

afterAll(async () => {
  await target?.close();
  await database?.drop();
  await app?.cleanup();
});

test('moves one network with its closed and open rounds, and the open round keeps working', async () => {
  const run = migrate('--from', app.db.path, '--to', database.url, '--network', networkId);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('Networks moved: 1');
  expect(run.stdout).toMatch(/answers\s+6 rows/);
  expect(run.stdout).toContain(`${openId} (4 answers)`);

  target = await openPostgresStores(database.url, { poolSize: 3 });
  expect(await read(target.store, networkId)).toEqual(snapshot);
  expect(await target.store.networks.get(otherId)).toBeUndefined();
  expect((await target.store.rounds.get(closedId))?.status).toBe('closed');
  // What is new in a network across organisations came along, and what belongs to no network too.
  const channelKey = (await target.store.bindings.find(app.channel))?.key;
  expect(channelKey).toMatch(/^[0-9a-f]{18}$/);
  expect(await target.store.bindings.find(app.channel)).toMatchObject({ label: 'Gemeente', language: 'en' });
  expect((await target.store.answers.forRound(closedId)).map((a) => a.answer.channel)).toEqual(voters.map(() => channelKey));
  expect(await target.store.joinCodes.has(otherId)).toBe(false);
  expect(await target.store.installations.find('slack', 'team:T0A')).toEqual({ platform: 'slack', key: 'team:T0A', sealed: 'v1.sealed-by-the-bot' });
  expect(await target.store.joinAttempts.failures('subject-a', failedAt)).toBe(1);
  expect((await target.store.agreements.askedIn(openId)).map((a) => a.id)).toEqual(['agr-agenda', 'agr-lunch']);

  // The linkage moved: same secret, the same answer behind each person's token, and gone from the directory.
  const secret = (await target.linkage.secret(openId))!;
  for (const v of voters) expect(await target.linkage.get(openId, participationToken(secret, v))).toEqual(before.get(v.user));
  expect(readdirSync(app.db.linkagePath).filter((f) => f.startsWith(openId))).toEqual([]);

  // A bot on PostgreSQL takes a changed answer and counts all of them at close.
  const useCases = createUseCases({ ...app.deps, store: target.store, linkage: target.linkage });
  expect((await useCases.answerLevel(openId, voters[0]!, 1)).created).toBe(false);
  expect((await useCases.answerLevel(openId, voters[5]!, 1)).created).toBe(true);
  app.clock.advance(8 * 86_400_000);
  const closed = await useCases.closeRound(openId);
  expect(closed?.result.n).toBe(5);
  expect(await target.store.answers.count(openId)).toBe(5);
}, 60_000);

test('a second run copies nothing twice, and wrong input is refused with a clear message', () => {
  const again = migrate('--from', app.db.path, '--to', database.url, '--network', networkId);
  expect(again.status).toBe(0);
  expect(again.stdout).toContain('Networks moved: 0 (already in PostgreSQL, left as they are: 1)');
  expect(again.stdout).toMatch(/answers\s+0 rows/);
  expect(again.stdout).toMatch(/installations\s+0 rows/);

  const bad = migrate('--from', app.db.path, '--to', 'mysql://db/x');
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('--to: must be a PostgreSQL connection URL');
  const missing = migrate('--from', `${app.db.path}.nope`, '--to', database.url);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain('--from: no SQLite archive');
  expect(existsSync(`${app.db.path}.nope`)).toBe(false);
  const unknown = migrate('--from', app.db.path, '--to', database.url, '--network', 'no-such-network');
  expect(unknown.stderr).toContain('No such network in the SQLite archive: no-such-network');
});
