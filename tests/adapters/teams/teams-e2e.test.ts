/**
 * The whole Teams cycle end to end: the real server (startServer) with a SQLite file,
 * the real use cases and the Teams SDK, driven through POST /api/messages with
 * activities shaped as Microsoft documents them, against a fake Bot Connector that
 * records everything the bot sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamsAdapter } from '../../../src/adapters/teams/index.ts';
import { parseConfig } from '../../../src/config.ts';
import { loadContent } from '../../../src/content/load.ts';
import type { Logger } from '../../../src/core/ports.ts';
import { LEVELS, type Level } from '../../../src/core/scale.ts';
import { startServer, type ServerHandle } from '../../../src/server.ts';
import {
  botAddedToTeam,
  cardAction,
  mentionMessage,
  person,
  postActivity,
  scene,
  type Activity,
  type TeamsPerson,
  type TeamsScene,
} from '../../fixtures/teams/activities.ts';
import { startFakeConnector, type CardJson, type FakeConnector } from '../../fixtures/teams/fake-connector.ts';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const content = loadContent();

interface Element {
  type: string;
  id?: string;
  value?: unknown;
  text?: string;
  actions?: { type: string; verb?: string; title?: string; data?: Record<string, unknown> }[];
  [key: string]: unknown;
}

const body = (card: CardJson): Element[] => card.body as Element[];
const actionSets = (card: CardJson): Element[] => body(card).filter((e) => e.type === 'ActionSet');
const allText = (card: CardJson): string => JSON.stringify(card);
/** Every TextBlock's text, at any depth (containers, column sets), in reading order. */
function textBlocks(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textBlocks);
  if (typeof node !== 'object' || node === null) return [];
  const e = node as Record<string, unknown>;
  const own = e.type === 'TextBlock' && typeof e.text === 'string' ? [e.text] : [];
  return [...own, ...textBlocks(e.items), ...textBlocks(e.columns), ...textBlocks(e.body)];
}

/** What Teams sends for a form submit: every input's current value, as a string, merged into the data. */
function submitData(card: CardJson, overrides: Record<string, string> = {}): { verb: string; data: Record<string, unknown> } {
  const inputs: Record<string, string> = {};
  for (const e of body(card)) {
    if (e.type.startsWith('Input.') && e.id) inputs[e.id] = e.value === undefined ? '' : typeof e.value === 'string' ? e.value : JSON.stringify(e.value);
  }
  const submit = actionSets(card).at(-1)!.actions![0]!;
  return { verb: submit.verb!, data: { ...submit.data, ...inputs, ...overrides } };
}

const levelLabel = (level: Level): string => content.levels[level].text.nl.label;

describe('Teams end to end', () => {
  let connector: FakeConnector;
  let handle: ServerHandle;
  let dir: string;
  let s: TeamsScene;
  const coordinator = person(100, 'Fatima Yilmaz');
  const members = [1, 2, 3, 4, 5, 6].map((n) => person(n));

  beforeAll(async () => {
    connector = await startFakeConnector({ region: 'emea' });
    s = scene({ serviceUrl: connector.serviceUrl });
    dir = mkdtempSync(join(tmpdir(), 'teams-e2e-'));
    const config = parseConfig({ DATABASE_PATH: join(dir, 'thermometer.db'), PORT: '0', LOG_LEVEL: 'error' });
    handle = await startServer(config, { log: quiet, scheduler: false });
  });
  afterAll(async () => {
    await handle?.close();
    await connector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const adapter = (): TeamsAdapter => handle.deps.chat.get('teams') as TeamsAdapter;

  async function send(activity: Activity): Promise<{ status: number; body: unknown }> {
    const result = await postActivity(handle.url, activity);
    await adapter().idle();
    return result;
  }

  async function click(who: TeamsPerson, verb: string, data: Record<string, unknown>, overrides: Activity = {}): Promise<CardJson> {
    const result = await send(cardAction(s, who, verb, data, overrides));
    expect(result.status).toBe(200);
    const response = result.body as { statusCode: number; type: string; value: unknown };
    expect(response.statusCode).toBe(200);
    if (response.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`expected a card, got: ${JSON.stringify(response.value)}`);
    return response.value as CardJson;
  }

  const channelCards = (): CardJson[] => connector.cards(s.channelId);
  const roundPosts = () => connector.posts.filter((p) => p.conversationId === s.channelId && JSON.stringify(p.activity).includes('"verb":"answer"'));

  it('installs, sets up, opens a round, takes six answers (one changed, one withdrawn), closes and shows the distribution', async () => {
    // Install: the bot is added to the team.
    expect((await send(botAddedToTeam(s, coordinator))).status).toBe(200);
    expect(allText(channelCards()[0]!)).toContain('Thermometer');
    const channel = { platform: 'teams' as const, workspace: s.tenantId, channel: s.channelId };

    // Setup: the channel gets an offer; its button gives the one who asked the form,
    // filled in and submitted like Teams does.
    await send(mentionMessage(s, coordinator, 'setup'));
    const offerPost = connector.posts.at(-1)!;
    const offerButton = actionSets(channelCards().at(-1)!)[0]!.actions![0]!;
    const form = await click(coordinator, offerButton.verb!, offerButton.data!, { replyToId: offerPost.activityId });
    const submit = submitData(form, { name: 'Kansrijk Opgroeien', k: '3' }); // five answers are k + 2: early close allowed
    const confirmation = await click(coordinator, submit.verb, submit.data, { replyToId: offerPost.activityId });
    expect((await handle.useCases.networkFor(channel))?.settings.name).toBe('Kansrijk Opgroeien');
    // The join code in the card only the coordinator sees; the channel's card has none.
    const joinCode = /\*\*([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\*\*/.exec(allText(confirmation))?.[1];
    expect(joinCode).toBeDefined();
    expect(allText(confirmation)).toContain('"verb":"rotate_join_code"');
    await connector.waitFor(() => connector.updates.some((u) => u.activityId === offerPost.activityId));
    const channelCard = JSON.stringify(connector.latest(offerPost.activityId)?.activity);
    expect(channelCard).toContain('Kansrijk Opgroeien');
    expect(channelCard).not.toContain(joinCode);
    expect(channelCard).not.toContain('rotate_join_code');

    // Now: the round card, with exactly the four level buttons first.
    await send(mentionMessage(s, coordinator, 'now'));
    expect(roundPosts()).toHaveLength(1);
    const roundPost = roundPosts()[0]!;
    const roundCard = connector.cards(s.channelId).find((c) => allText(c).includes('"verb":"answer"'))!;
    // One button per row (DESIGN.md allows it in Teams): four consecutive action sets of one button each.
    const start = body(roundCard).findIndex((e) => e.type === 'ActionSet');
    const stacked = body(roundCard).slice(start, start + 4);
    expect(stacked.map((e) => [e.type, e.actions?.length])).toEqual(LEVELS.map(() => ['ActionSet', 1]));
    const first = stacked.flatMap((e) => e.actions!);
    expect(first.map((a) => [a.type, a.verb])).toEqual(LEVELS.map(() => ['Action.Execute', 'answer']));
    const values = first.map((a) => a.data!.value as string);
    expect(values.map((v) => v.split(':')[1])).toEqual(['1', '2', '3', '4']);
    const roundId = values[0]!.split(':')[0]!;

    // Six people answer; each sees their own confirmation, and only they do.
    const levels: Level[] = [1, 2, 2, 3, 3, 4];
    const confirmations: CardJson[] = [];
    for (const [i, member] of members.entries()) {
      const card = await click(member, 'answer', { value: `${roundId}:${levels[i]}` }, { replyToId: roundPost.activityId });
      expect(allText(card).toLowerCase()).toContain(levelLabel(levels[i]!).toLowerCase());
      expect(allText(card)).toContain('"verb":"withdraw"');
      confirmations.push(card);
    }
    // Member 3 changes their mind, member 6 withdraws.
    await click(members[2]!, 'answer', { value: `${roundId}:1` }, { replyToId: roundPost.activityId });
    const withdraw = actionSets(confirmations[5]!).flatMap((a) => a.actions!).find((a) => a.verb === 'withdraw')!;
    await click(members[5]!, withdraw.verb!, withdraw.data!);

    // The shared card was updated in place with the count, and only the count.
    const shared = connector.latest(roundPost.activityId)!;
    expect(connector.updates.filter((u) => u.activityId === roundPost.activityId).length).toBeGreaterThan(0);
    expect(JSON.stringify(shared.activity)).toContain('5 reacties');
    expect(JSON.stringify(shared.activity)).not.toMatch(/\(\d+%\)/);

    // Nothing the channel sees while open says how anyone answered.
    const open = [...connector.posts, ...connector.updates].filter((p) => p.conversationId.startsWith(s.channelId)).map((p) => JSON.stringify(p.activity));
    for (const text of open) expect(text).not.toMatch(/vastgelegd|recorded/i);

    // A non-coordinator cannot close.
    const before = connector.posts.length;
    await send(mentionMessage(s, members[0]!, 'close'));
    expect(connector.posts.length).toBe(before + 1);
    const refusal = allText(channelCards().at(-1)!);
    expect(refusal).toContain('alleen coördinatoren');
    expect(refusal).not.toContain(coordinator.aadObjectId);
    expect(refusal).not.toContain(levelLabel(4));
    await click(members[0]!, 'answer', { value: `${roundId}:1` }, { replyToId: roundPost.activityId }); // still open

    // The coordinator closes: results with the distribution 1:2, 2:1, 3:2, 4:0.
    await send(mentionMessage(s, coordinator, 'close'));
    const resultsCard = await connector.waitFor(() => channelCards().find((c) => allText(c).includes('Uitkomst')));
    const results = allText(resultsCard);
    expect(results).toContain('5 reacties');
    // The trend chart travels with the text: an image with alt text that stands alone.
    const image = body(resultsCard).find((e) => e.type === 'Image') as { url: string; altText: string } | undefined;
    expect(image?.url).toMatch(/^(data:image\/png;base64,|http:\/\/localhost:3978\/downloads\/)/);
    expect(image?.altText).toMatch(/Grafiek van de laatste ronde/);
    // The distribution once: per level its label, then its count and share.
    const texts = textBlocks(resultsCard);
    const counts = LEVELS.map((level) => {
      const at = texts.findIndex((t) => t.endsWith(levelLabel(level)));
      return Number(/^(\d+) \(/.exec(texts[at + 1] ?? '')?.[1]);
    });
    expect(counts).toEqual([2, 1, 2, 0]);
    expect(results.match(/\(40%\)/g)).toHaveLength(2);
  });

  it('processes a repeated activity once', async () => {
    const now = mentionMessage(s, coordinator, 'now');
    await send(now);
    await connector.waitFor(() => roundPosts().length === 2);
    const rounds = roundPosts().length;
    await send(now);
    expect(roundPosts().length).toBe(rounds);
  });

  it('below k shows no figure but the count, and what helps next time', async () => {
    const roundId = (JSON.parse(JSON.stringify(connector.cards(s.channelId).filter((c) => allText(c).includes('"verb":"answer"')).at(-1))) as CardJson);
    const value = (actionSets(roundId)[0]!.actions![0]!.data!.value as string).split(':')[0]!;
    for (const [i, member] of members.slice(0, 2).entries()) await click(member, 'answer', { value: `${value}:${(i % 4) + 1}` });
    const closedBefore = channelCards().filter((c) => allText(c).includes('Uitkomst')).length;
    await send(mentionMessage(s, coordinator, 'close'));
    const results = allText(await connector.waitFor(() => channelCards().filter((c) => allText(c).includes('Uitkomst'))[closedBefore]));
    const texts = textBlocks(JSON.parse(results) as CardJson);
    // A title and the count: no level, share or figure of any kind; then participation advice and the prompt.
    expect(texts[1]).toBe('Te weinig reacties om uitkomsten te tonen: 2, en er zijn er minstens 3 nodig.');
    expect(texts.join('\n')).toContain('Deze ronde had te weinig reacties om uitkomsten te tonen.');
    expect(texts.join('\n')).toContain('Voor jullie volgende overleg');
    for (const level of LEVELS) expect(results.toLowerCase()).not.toContain(levelLabel(level).toLowerCase());
    expect(results).not.toMatch(/\d%/);
    expect(results).not.toContain('"type":"Image"');
  });

  it('posts a round proactively to the service URL stored at install', async () => {
    const before = roundPosts().length;
    await handle.useCases.openRoundNow(
      { platform: 'teams', workspace: s.tenantId, channel: s.channelId },
      { platform: 'teams', workspace: s.tenantId, user: coordinator.aadObjectId },
    );
    await adapter().idle();
    expect(roundPosts().length).toBe(before + 1);
    const request = connector.requests.filter((r) => r.method === 'POST' && r.status === 201).at(-1)!;
    expect(request.path).toBe(`/emea/v3/conversations/${s.channelId}/activities`);
  });

  it('refuses an early close on a thin margin with the reason, and closes from k + 2', async () => {
    // The round opened proactively above is open with no answers; k is 3.
    const card = connector.cards(s.channelId).filter((c) => allText(c).includes('"verb":"answer"')).at(-1)!;
    const roundId = (actionSets(card)[0]!.actions![0]!.data!.value as string).split(':')[0]!;
    const results = () => channelCards().filter((c) => allText(c).includes('Uitkomst')).length;
    const before = results();
    for (const member of members.slice(0, 3)) await click(member, 'answer', { value: `${roundId}:2` });
    await send(mentionMessage(s, coordinator, 'close'));
    const refusal = allText(channelCards().at(-1)!);
    expect(refusal).toContain('niet eerder sluiten');
    expect(refusal).toContain('vanaf 5 reacties');
    expect(results()).toBe(before);
    // Still open: two more people answer, and now the coordinator may close.
    for (const member of members.slice(3, 5)) await click(member, 'answer', { value: `${roundId}:3` });
    await send(mentionMessage(s, coordinator, 'close'));
    const closed = allText(await connector.waitFor(() => channelCards().filter((c) => allText(c).includes('Uitkomst'))[before]));
    expect(closed).toContain('5 reacties');
  });
});

describe('Teams with TEAMS_APP_ID', () => {
  it('refuses an unsigned request with 401 and stores nothing', async () => {
    const connector = await startFakeConnector();
    const dir = mkdtempSync(join(tmpdir(), 'teams-auth-'));
    const config = parseConfig({
      DATABASE_PATH: join(dir, 'thermometer.db'),
      PORT: '0',
      LOG_LEVEL: 'error',
      TEAMS_APP_ID: '9b1c4f3e-5a2d-4e7f-8c6b-0d1e2f3a4b5c',
      TEAMS_APP_PASSWORD: 'not-a-real-secret',
      TEAMS_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    });
    const handle = await startServer(config, { log: quiet, scheduler: false });
    try {
      const s = scene({ serviceUrl: connector.serviceUrl });
      const admin = person(1);
      const added = botAddedToTeam(s, admin);
      const setup = mentionMessage(s, admin, 'setup');
      expect((await postActivity(handle.url, added)).status).toBe(401);
      expect((await postActivity(handle.url, setup)).status).toBe(401);
      // Never seen: neither activity got as far as being recorded.
      expect(await handle.useCases.firstDelivery('teams', added.id as string)).toBe(true);
      expect(await handle.useCases.firstDelivery('teams', setup.id as string)).toBe(true);
      expect(connector.requests).toEqual([]);
    } finally {
      await handle.close();
      await connector.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
