/**
 * Past capacity, answer clicks from Teams are refused at once with the polite "busy,
 * try again" in their invoke response, and nothing of them is recorded; the clicks
 * admitted are recorded and confirmed as always. End to end through POST /api/messages
 * with the bound set low (ANSWERS_IN_FLIGHT) and the store held up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TeamsAdapter } from '../../../src/adapters/teams/index.ts';
import { parseConfig } from '../../../src/config.ts';
import { t } from '../../../src/content/i18n.ts';
import { loadContent } from '../../../src/content/load.ts';
import { startServer, type ServerHandle } from '../../../src/server.ts';
import { quietLog } from '../../../fixtures/quiet-log.ts';
import { botAddedToTeam, cardAction, mentionMessage, person, postActivity, scene, type Activity, type TeamsScene } from '../../fixtures/teams/activities.ts';
import { startFakeConnector, type CardJson, type FakeConnector } from '../../fixtures/teams/fake-connector.ts';
import { holdAnswerWrites } from '../../helpers/hold-writes.ts';

const BOUND = 2;
const busyText = t(loadContent(), 'nl', 'app.error.busy');
let connector: FakeConnector;
let handle: ServerHandle;
let dir: string;
let s: TeamsScene;
const coordinator = person(300, 'Fatima Yilmaz');

async function send(activity: Activity) {
  const result = await postActivity(handle.url, activity);
  await (handle.deps.chat.get('teams') as TeamsAdapter).idle();
  return result;
}

async function start(env: Record<string, string>): Promise<void> {
  connector = await startFakeConnector();
  s = scene({ serviceUrl: connector.serviceUrl });
  dir = mkdtempSync(join(tmpdir(), 'teams-admission-'));
  handle = await startServer(parseConfig({ DATABASE_PATH: join(dir, 't.db'), PORT: '0', LOG_LEVEL: 'error', ...env }), { log: quietLog, scheduler: false });
  await send(botAddedToTeam(s, coordinator));
  await send(mentionMessage(s, coordinator, 'setup'));
  const offer = connector.cards(s.channelId).at(-1)!;
  const open = (offer.body.at(-1) as { actions: { verb: string; data: Record<string, unknown> }[] }).actions[0]!;
  const form = ((await postActivity(handle.url, cardAction(s, coordinator, open.verb, open.data))).body as { value: CardJson }).value;
  const data: Record<string, unknown> = { ...(form.body.at(-1) as { actions: { data: Record<string, unknown> }[] }).actions[0]!.data };
  for (const e of form.body as { type: string; id?: string; value?: unknown }[]) {
    if (e.type.startsWith('Input.') && e.id) data[e.id] = e.value === undefined ? '' : typeof e.value === 'string' ? e.value : JSON.stringify(e.value);
  }
  await send(cardAction(s, coordinator, 'submit', { ...data, name: 'Druk' }));
  await send(mentionMessage(s, coordinator, 'now'));
}

beforeEach(() => start({ ANSWERS_IN_FLIGHT: String(BOUND) }));
async function stop(): Promise<void> {
  await handle.close();
  await connector.close();
  rmSync(dir, { recursive: true, force: true });
}
afterEach(stop);

/** Holds every answer write until released: a store far slower than the clicks. */
const holdWrites = () => holdAnswerWrites(handle.deps.linkage);

type Invoke = { statusCode: number; type: string; value: unknown };

it('answers the clicks past the bound at once with "busy", records none of them, and records the others', async () => {
  const card = connector.cards(s.channelId).find((c: CardJson) => JSON.stringify(c).includes('"verb":"answer"'))!;
  const roundId = /"value":"([^":]+):1"/.exec(JSON.stringify(card))![1]!;
  const store = holdWrites();
  const people = Array.from({ length: 8 }, (_, i) => person(i + 1));
  const click = async (n: number) => (await postActivity(handle.url, cardAction(s, people[n]!, 'answer', { value: `${roundId}:2` }))).body as Invoke;
  const pending = people.map(async (_, n) => ({ n, reply: await click(n) }));

  // The refused clicks get their invoke response while the admitted ones still wait for the store.
  const settled: { n: number; reply: Invoke }[] = [];
  for (const p of pending) void p.then((r) => settled.push(r));
  const deadline = Date.now() + 5000;
  while (settled.length < people.length - BOUND && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(store.held()).toBe(BOUND);
  expect(settled).toHaveLength(people.length - BOUND);
  for (const { reply } of settled) expect(reply).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: busyText });
  expect(await handle.deps.linkage.count(roundId)).toBe(0);

  store.release();
  const results = await Promise.all(pending);
  const busy = settled.map((r) => r.n);
  for (const { n, reply } of results.filter((r) => !busy.includes(r.n))) {
    expect(reply.type, `person ${n}`).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(reply.value)).not.toContain('erg druk');
  }
  expect(await handle.deps.linkage.count(roundId)).toBe(BOUND);

  // Once it is quiet, each refused person answers for the first time: the count grows by them all.
  for (const n of busy) expect((await click(n)).type).toBe('application/vnd.microsoft.card.adaptive');
  expect(await handle.deps.linkage.count(roundId)).toBe(people.length);
}, 20_000);

it('answers "busy" to a click that waited past ANSWER_MAX_WAIT_MS before its answer could start, and records it once it is quick again', async () => {
  await stop();
  await start({ ANSWER_MAX_WAIT_MS: '100' });
  const card = connector.cards(s.channelId).find((c: CardJson) => JSON.stringify(c).includes('"verb":"answer"'))!;
  const roundId = /"value":"([^":]+):1"/.exec(JSON.stringify(card))![1]!;
  // The replay check before the answer is held up: the click has waited too long by the time it could be recorded.
  const deliveries = handle.deps.store.deliveries;
  const first = deliveries.first.bind(deliveries);
  deliveries.first = async (...args) => {
    await new Promise((r) => setTimeout(r, 300));
    return first(...args);
  };
  const click = async () => (await postActivity(handle.url, cardAction(s, person(7), 'answer', { value: `${roundId}:3` }))).body as Invoke;
  expect(await click()).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: busyText });
  expect(await handle.deps.linkage.count(roundId)).toBe(0);

  deliveries.first = first;
  expect((await click()).type).toBe('application/vnd.microsoft.card.adaptive');
  expect(await handle.deps.linkage.count(roundId)).toBe(1);
}, 20_000);
