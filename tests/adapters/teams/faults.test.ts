/**
 * The Teams connector misbehaving, end to end through the real server: throttling (429
 * with Retry-After) and server errors are waited out and retried, and nothing the bot
 * posts is lost or doubled; a failing count update loses no answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamsAdapter } from '../../../src/adapters/teams/index.ts';
import { parseConfig } from '../../../src/config.ts';
import type { Logger } from '../../../src/core/ports.ts';
import { startServer, type ServerHandle } from '../../../src/server.ts';
import { botAddedToTeam, cardAction, mentionMessage, person, postActivity, scene, type Activity, type TeamsScene } from '../../fixtures/teams/activities.ts';
import { startFakeConnector, type CardJson, type FakeConnector } from '../../fixtures/teams/fake-connector.ts';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let connector: FakeConnector;
let handle: ServerHandle;
let dir: string;
let s: TeamsScene;
const coordinator = person(200, 'Fatima Yilmaz');
const channel = () => ({ platform: 'teams' as const, workspace: s.tenantId, channel: s.channelId });

beforeEach(async () => {
  connector = await startFakeConnector();
  s = scene({ serviceUrl: connector.serviceUrl });
  dir = mkdtempSync(join(tmpdir(), 'teams-faults-'));
  handle = await startServer(parseConfig({ DATABASE_PATH: join(dir, 't.db'), PORT: '0', LOG_LEVEL: 'error' }), { log: quiet, scheduler: false });
  await send(botAddedToTeam(s, coordinator));
  await send(mentionMessage(s, coordinator, 'setup'));
  // The channel gets an offer; its button gives the one who asked the form.
  const offer = connector.cards(s.channelId).at(-1)!;
  const open = (offer.body.at(-1) as { actions: { verb: string; data: Record<string, unknown> }[] }).actions[0]!;
  const opened = await postActivity(handle.url, cardAction(s, coordinator, open.verb, open.data));
  const form = (opened.body as { value: typeof offer }).value;
  const data: Record<string, unknown> = { ...(form.body.at(-1) as { actions: { data: Record<string, unknown> }[] }).actions[0]!.data };
  for (const e of form.body as { type: string; id?: string; value?: unknown }[]) {
    if (e.type.startsWith('Input.') && e.id) data[e.id] = e.value === undefined ? '' : typeof e.value === 'string' ? e.value : JSON.stringify(e.value);
  }
  await send(cardAction(s, coordinator, 'submit', { ...data, name: 'Kansrijk' }));
  expect(await handle.useCases.networkFor(channel())).toBeDefined();
});
afterEach(async () => {
  await handle.close();
  await connector.close();
  rmSync(dir, { recursive: true, force: true });
});

async function send(activity: Activity) {
  const result = await postActivity(handle.url, activity);
  await (handle.deps.chat.get('teams') as TeamsAdapter).idle();
  return result;
}

const roundPosts = () => connector.posts.filter((p) => p.conversationId === s.channelId && JSON.stringify(p.activity).includes('"verb":"answer"'));

describe('Teams connector faults', () => {
  it('waits out 429 with Retry-After and posts the round exactly once', async () => {
    connector.failNext(3, { status: 429, retryAfter: 0, method: 'POST' });
    await send(mentionMessage(s, coordinator, 'now'));
    expect(roundPosts()).toHaveLength(1);
    expect(connector.requests.filter((r) => r.status === 429)).toHaveLength(3);
  });

  it('retries a 500 and posts the round exactly once', async () => {
    connector.failNext(1, { status: 500, method: 'POST' });
    await send(mentionMessage(s, coordinator, 'now'));
    expect(roundPosts()).toHaveLength(1);
    expect(connector.requests.filter((r) => r.status === 500)).toHaveLength(1);
  });

  it('loses no answer when count updates keep failing', async () => {
    await send(mentionMessage(s, coordinator, 'now'));
    const card = connector.cards(s.channelId).find((c: CardJson) => JSON.stringify(c).includes('"verb":"answer"'))!;
    const roundId = JSON.stringify(card).match(/"value":"([^":]+):1"/)![1]!;
    connector.failNext(100, { status: 503, retryAfter: 0, method: 'PUT' });
    for (let n = 1; n <= 5; n++) {
      const click = await send(cardAction(s, person(n), 'answer', { value: `${roundId}:${(n % 4) + 1}` }));
      expect(click.status).toBe(200);
      expect(click.body).toMatchObject({ type: 'application/vnd.microsoft.card.adaptive' });
    }
    await send(mentionMessage(s, coordinator, 'close'));
    const results = JSON.stringify(connector.cards(s.channelId).at(-1));
    expect(results).toContain('5 reacties');
    expect(roundPosts()).toHaveLength(1);
  });
});
