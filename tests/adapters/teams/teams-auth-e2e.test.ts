/**
 * Token validation end to end: the real server and Teams SDK, pointed with
 * TEAMS_LOGIN_ENDPOINT, TEAMS_OPENID_METADATA_URL and TEAMS_TOKEN_ISSUER at a local
 * stand-in for Microsoft's identity services (its own RSA key, real OpenID metadata,
 * JWKS and token endpoint), and a fake Bot Connector that accepts only the token the
 * bot got from that stand-in. Every request to /api/messages carries a real signed JWT.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamsAdapter } from '../../../src/adapters/teams/index.ts';
import { parseConfig } from '../../../src/config.ts';
import type { Logger } from '../../../src/core/ports.ts';
import { startServer, type ServerHandle } from '../../../src/server.ts';
import { botAddedToTeam, cardAction, mentionMessage, person, postActivity, scene, type Activity, type TeamsScene } from '../../fixtures/teams/activities.ts';
import { startFakeConnector, type CardJson, type FakeConnector } from '../../fixtures/teams/fake-connector.ts';
import { BOT_FRAMEWORK_RESOURCE, startFakeIdentity, type ConnectorClaims, type FakeIdentity, type SignOptions } from '../../fixtures/teams/fake-identity.ts';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const APP_ID = '9b1c4f3e-5a2d-4e7f-8c6b-0d1e2f3a4b5c';
const SECRET = 'stand-in-client-secret~value';
const HOST = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER = 'c0ffee00-1111-4222-8333-444455556666';
/** Set during the suite: the SDK would read them if the bot did not pass its own values. */
const STRAY_ENV = { CLOUD: 'china', CLIENT_ID: '11111111-1111-4111-8111-111111111111', CLIENT_SECRET: 'stray', TENANT_ID: OTHER };

interface Bot {
  handle: ServerHandle;
  dir: string;
}

async function startBot(identity: FakeIdentity, extra: Record<string, string> = {}): Promise<Bot> {
  const dir = mkdtempSync(join(tmpdir(), 'teams-auth-e2e-'));
  const config = parseConfig({
    DATABASE_PATH: join(dir, 'thermometer.db'),
    PORT: '0',
    LOG_LEVEL: 'error',
    TEAMS_APP_ID: APP_ID,
    TEAMS_APP_PASSWORD: SECRET,
    TEAMS_TENANT_ID: HOST,
    TEAMS_LOGIN_ENDPOINT: identity.url,
    TEAMS_OPENID_METADATA_URL: identity.metadataUrl,
    TEAMS_TOKEN_ISSUER: identity.issuer,
    ...extra,
  });
  return { handle: await startServer(config, { log: quiet, scheduler: false }), dir };
}

async function stopBot(bot: Bot | undefined): Promise<void> {
  if (!bot) return;
  await bot.handle.close();
  rmSync(bot.dir, { recursive: true, force: true });
}

const allText = (card: CardJson): string => JSON.stringify(card);

/** What Teams sends for a form submit: the submit button's data with every input's value. */
function submitData(card: CardJson, overrides: Record<string, string>): { verb: string; data: Record<string, unknown> } {
  const elements = card.body as { type: string; id?: string; value?: unknown; actions?: { verb?: string; data?: Record<string, unknown> }[] }[];
  const inputs: Record<string, string> = {};
  for (const e of elements) {
    if (e.type.startsWith('Input.') && e.id) inputs[e.id] = e.value === undefined ? '' : typeof e.value === 'string' ? e.value : JSON.stringify(e.value);
  }
  const submit = elements.filter((e) => e.type === 'ActionSet').at(-1)!.actions![0]!;
  return { verb: submit.verb!, data: { ...submit.data, ...inputs, ...overrides } };
}

describe('Teams with signed tokens from a stand-in for Microsoft', () => {
  let identity: FakeIdentity;
  let connector: FakeConnector;
  let bot: Bot;
  let s: TeamsScene;
  let roundId: string;
  let roundPostId: string;
  const coordinator = person(100, 'Fatima Yilmaz');
  const member = person(1);
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const [name, value] of Object.entries(STRAY_ENV)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    identity = await startFakeIdentity({ appId: APP_ID, appSecret: SECRET, tenants: [HOST] });
    connector = await startFakeConnector({ verifyToken: (authorization) => identity.verifyBotToken(authorization) });
    s = scene({ serviceUrl: connector.serviceUrl, tenantId: HOST, botId: `28:${APP_ID}` });
    bot = await startBot(identity);
  });
  afterAll(async () => {
    await stopBot(bot);
    await connector?.close();
    await identity?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const adapter = (): TeamsAdapter => bot.handle.deps.chat.get('teams') as TeamsAdapter;
  const bearer = (activity: Activity, claims: Partial<ConnectorClaims> = {}, options: SignOptions = {}): Record<string, string> => ({
    Authorization: `Bearer ${identity.connectorToken({ serviceurl: activity.serviceUrl as string, ...claims }, options)}`,
  });
  async function send(activity: Activity, headers: Record<string, string> = bearer(activity)): Promise<{ status: number; body: unknown }> {
    const result = await postActivity(bot.handle.url, activity, headers);
    await adapter().idle();
    return result;
  }
  async function click(verb: string, data: Record<string, unknown>, overrides: Activity = {}, who = coordinator): Promise<CardJson> {
    const result = await send(cardAction(s, who, verb, data, overrides));
    expect(result.status).toBe(200);
    return (result.body as { value: CardJson }).value;
  }
  const answers = async (): Promise<number> => bot.handle.deps.linkage.count(roundId);

  it('accepts a valid token and answers with its own token from the login endpoint', async () => {
    // The bot joins: a signed conversationUpdate, a greeting sent with the bot's token.
    expect((await send(botAddedToTeam(s, coordinator))).status).toBe(200);
    expect(connector.posts).toHaveLength(1);
    expect(identity.tokenRequests).toEqual([
      { tenant: HOST, grantType: 'client_credentials', clientId: APP_ID, scope: `${BOT_FRAMEWORK_RESOURCE}/.default`, secretMatched: true, status: 200 },
    ]);
    expect(connector.posts[0]!.authorization).toBe(`Bearer ${identity.issued[0]}`);
    // The signing keys came from the stand-in's key set, next to its metadata URL.
    expect(identity.requests).toContainEqual({ method: 'GET', path: '/v1/.well-known/keys' });

    // Setup, a round and an answer, all signed.
    await send(mentionMessage(s, coordinator, 'setup'));
    // The form goes privately to whoever asked: an offer in the channel, the form in the invoke response.
    const offerPost = connector.posts.at(-1)!;
    const offerBody = connector.cards(s.channelId).at(-1)!.body as { type: string; actions?: { verb: string; data: Record<string, unknown> }[] }[];
    const offer = offerBody.find((e) => e.type === 'ActionSet')!.actions![0]!;
    const form = await click(offer.verb, offer.data, { replyToId: offerPost.activityId });
    const submit = submitData(form, { name: 'Kansrijk Opgroeien', k: '5' });
    await click(submit.verb, submit.data, { replyToId: offerPost.activityId });
    expect((await bot.handle.useCases.networkFor({ platform: 'teams', workspace: HOST, channel: s.channelId }))?.settings.name).toBe('Kansrijk Opgroeien');
    await send(mentionMessage(s, coordinator, 'now'));
    const roundPost = await connector.waitFor(() => connector.posts.find((p) => JSON.stringify(p.activity).includes('"verb":"answer"')));
    roundPostId = roundPost.activityId;
    const value = /"value":"([^"]+):1"/.exec(JSON.stringify(roundPost.activity))![1]!;
    roundId = value;
    const confirmation = await click('answer', { value: `${roundId}:2` }, { replyToId: roundPostId }, member);
    expect(allText(confirmation)).toContain('"verb":"withdraw"');
    expect(await answers()).toBe(1);
    // The channel's card shows the new count (sent after the click was answered).
    await connector.waitFor(() => connector.updates.some((u) => u.activityId === roundPostId && JSON.stringify(u.activity).includes('1 reactie')));

    // One token for all of it (cached), and the connector accepted every request.
    expect(identity.issued).toHaveLength(1);
    expect(connector.requests.length).toBeGreaterThan(3);
    expect(connector.requests.every((r) => r.status < 300)).toBe(true);
    expect(new Set([...connector.posts, ...connector.updates].map((p) => p.authorization))).toEqual(new Set([`Bearer ${identity.issued[0]}`]));
  });

  it('ignores CLOUD, CLIENT_ID, CLIENT_SECRET and TENANT_ID in the environment', async () => {
    // They were set while the bot started; it still validated against the stand-in and
    // took its token from it, for its own app id and tenant.
    expect(process.env.CLOUD).toBe('china');
    expect(identity.tokenRequests.every((r) => r.clientId === APP_ID && r.tenant === HOST && r.secretMatched)).toBe(true);
  });

  const now = (): number => Math.floor(Date.now() / 1000);
  it.each<[string, (a: Activity) => Record<string, string>]>([
    ['no Authorization header', () => ({})],
    ['a token that is not a JWT', () => ({ Authorization: 'Bearer not-a-jwt' })],
    ['a forged signature (a key of the same id, not in the key set)', (a) => bearer(a, {}, { key: 'forged' })],
    ['an unsigned token (alg none)', (a) => bearer(a, {}, { alg: 'none' })],
    ['HS256 signed with the public key', (a) => bearer(a, {}, { alg: 'HS256' })],
    ['a wrong audience (another app)', (a) => bearer(a, { aud: '00000000-0000-4000-8000-000000000001' })],
    ["a wrong issuer (the public cloud's, not the configured one)", (a) => bearer(a, { iss: 'https://api.botframework.com' })],
    ['an expired token (beyond the 5 minutes of clock skew)', (a) => bearer(a, { nbf: now() - 7200, exp: now() - 600 })],
    ['a token not valid yet', (a) => bearer(a, { nbf: now() + 900, exp: now() + 4500 })],
    ['a token for another service URL', (a) => bearer(a, { serviceurl: 'https://smba.trafficmanager.net/emea/' })],
  ])('refuses %s with 401 and changes nothing', async (_case, headers) => {
    const before = { answers: await answers(), requests: connector.requests.length, tokens: identity.tokenRequests.length };
    const answer = cardAction(s, person(7), 'answer', { value: `${roundId}:4` }, { replyToId: roundPostId });
    const command = mentionMessage(s, coordinator, 'close');
    for (const activity of [answer, command]) {
      const result = await send(activity, headers(activity));
      expect(result.status).toBe(401);
      expect(await bot.handle.useCases.firstDelivery('teams', activity.id as string)).toBe(true);
    }
    expect(await answers()).toBe(before.answers);
    expect(connector.requests.length).toBe(before.requests);
    expect(identity.tokenRequests.length).toBe(before.tokens);
  });

  it('refuses a validly signed activity from a tenant outside TEAMS_ALLOWED_TENANTS with 403 and changes nothing', async () => {
    const elsewhere = scene({ serviceUrl: connector.serviceUrl, tenantId: OTHER, botId: s.botId, channelId: '19:0e1f2a3b4c5d@thread.tacv2', teamId: '19:0e1f2a3b4c5d@thread.tacv2' });
    const before = { answers: await answers(), requests: connector.requests.length };
    // The conversation names the allowed host while channelData names another tenant.
    const mixed = cardAction(s, person(8), 'answer', { value: `${roundId}:4` }, { replyToId: roundPostId, channelData: { tenant: { id: OTHER } } });
    const activities = [botAddedToTeam(elsewhere, person(9)), mentionMessage(elsewhere, person(9), 'setup'), cardAction(elsewhere, person(9), 'answer', { value: `${roundId}:4` }), mixed];
    for (const activity of activities) {
      const result = await send(activity);
      expect(result.status).toBe(403);
      expect(result.body).toMatchObject({ error: 'tenant_not_allowed' });
      expect(await bot.handle.useCases.firstDelivery('teams', activity.id as string)).toBe(true);
    }
    expect(await bot.handle.deps.store.bindings.find({ platform: 'teams', workspace: OTHER, channel: elsewhere.channelId })).toBeUndefined();
    expect(await answers()).toBe(before.answers);
    expect(connector.requests.length).toBe(before.requests);
  });

  it('the connector refuses a request without the bot token, so the check is real', async () => {
    const res = await fetch(`${connector.serviceUrl}v3/conversations/${encodeURIComponent(s.channelId)}/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${identity.connectorToken({ serviceurl: connector.serviceUrl })}` },
      body: JSON.stringify({ type: 'message', text: 'not from the bot' }),
    });
    expect(res.status).toBe(401);
    expect(connector.posts.some((p) => JSON.stringify(p.activity).includes('not from the bot'))).toBe(false);
  });
});

describe('Teams for several tenants', () => {
  let identity: FakeIdentity;
  let connector: FakeConnector;
  let bot: Bot;

  beforeAll(async () => {
    identity = await startFakeIdentity({ appId: APP_ID, appSecret: SECRET, tenants: [HOST] });
    connector = await startFakeConnector({ verifyToken: (authorization) => identity.verifyBotToken(authorization) });
    bot = await startBot(identity, { TEAMS_ALLOWED_TENANTS: `${HOST}, ${OTHER.toUpperCase()}` });
  });
  afterAll(async () => {
    await stopBot(bot);
    await connector?.close();
    await identity?.close();
  });

  it("serves a listed tenant's team with the bot's own token, from its own tenant", async () => {
    const elsewhere = scene({ serviceUrl: connector.serviceUrl, tenantId: OTHER, botId: `28:${APP_ID}` });
    const added = botAddedToTeam(elsewhere, person(1));
    const result = await postActivity(bot.handle.url, added, {
      Authorization: `Bearer ${identity.connectorToken({ serviceurl: connector.serviceUrl })}`,
    });
    await (bot.handle.deps.chat.get('teams') as TeamsAdapter).idle();
    expect(result.status).toBe(200);
    expect(await bot.handle.deps.store.bindings.find({ platform: 'teams', workspace: OTHER, channel: elsewhere.channelId })).toBeDefined();
    // The greeting went to the other tenant's conversation with a token of the bot's tenant.
    expect(connector.posts.map((p) => p.conversationId)).toEqual([elsewhere.channelId]);
    expect(identity.tokenRequests.map((r) => [r.tenant, r.status])).toEqual([[HOST, 200]]);
  });
});
