import { Client as ApiClient } from '@microsoft/teams.api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderMessage } from '../../../src/adapters/teams/adaptive-card.ts';
import { createTeamsGateway, type TeamsGateway } from '../../../src/adapters/teams/gateway.ts';
import type { ChatMessage } from '../../../src/core/message.ts';
import type { ChannelBinding } from '../../../src/core/network.ts';
import { ChatError, type Logger } from '../../../src/core/ports.ts';
import { startFakeConnector, type FakeConnector } from '../../fixtures/teams/fake-connector.ts';

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const CHANNEL = '19:b7f5a4e2c1d04c2f9a3e8f6d2b1c0a9e@thread.tacv2';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const message: ChatMessage = {
  text: 'Reflectiemoment',
  blocks: [
    { kind: 'heading', text: 'Reflectiemoment' },
    { kind: 'actions', buttons: [{ actionId: 'post_summary', label: 'Deel', value: 'net-1' }] },
  ],
};

let connector: FakeConnector;
let sleeps: number[];
let gateway: TeamsGateway;
let binding: ChannelBinding;

function makeGateway(http = new ApiClient('http://unused').http, retries = 3): TeamsGateway {
  return createTeamsGateway({
    http,
    log: silent,
    render: (m, actionContext) => renderMessage(m, { attachmentUrl: () => 'data:,', actionContext }),
    retry: { retries, baseDelayMs: 1, maxDelayMs: 4 },
    sleep: async (ms) => void sleeps.push(ms),
  });
}

beforeEach(async () => {
  connector = await startFakeConnector();
  sleeps = [];
  gateway = makeGateway();
  binding = { platform: 'teams', workspace: TENANT, channel: CHANNEL, networkId: 'net-1', serviceUrl: connector.serviceUrl };
});
afterEach(async () => connector.close());

describe('teams gateway', () => {
  it('posts a card to the conversation at its own service URL and returns a ref to update it by', async () => {
    const ref = await gateway.post(binding, message);
    expect(connector.posts).toHaveLength(1);
    const post = connector.posts[0]!;
    expect(post.conversationId).toBe(CHANNEL);
    expect(connector.requests[0]).toMatchObject({ method: 'POST', path: `/emea/v3/conversations/${CHANNEL}/activities`, status: 201 });
    expect(post.activity).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
    expect(post.authorization).toBeUndefined();
    expect(ref).toEqual({ platform: 'teams', workspace: TENANT, channel: CHANNEL, messageId: post.activityId, serviceUrl: connector.serviceUrl });

    await gateway.update(ref, { text: 'Bijgewerkt', blocks: [{ kind: 'paragraph', text: '8 reacties' }] });
    expect(connector.updates).toHaveLength(1);
    expect(connector.updates[0]!.activityId).toBe(ref.messageId);
    expect(connector.cards().length).toBe(1);
    expect(JSON.stringify(connector.latest(ref.messageId)!.activity)).toContain('8 reacties');
  });

  it('sends the bot token when the client carries one', async () => {
    const withToken = makeGateway(new ApiClient('http://unused', { token: () => 'bot-token' }).http);
    await withToken.post(binding, message);
    expect(connector.posts[0]!.authorization).toBe('Bearer bot-token');
  });

  it('waits out 429 Retry-After and posts exactly once', async () => {
    connector.failNext(2, { status: 429, retryAfter: 0, method: 'POST' });
    await gateway.post(binding, message);
    expect(connector.requests.map((r) => r.status)).toEqual([429, 429, 201]);
    expect(connector.posts).toHaveLength(1);
    expect(sleeps).toEqual([0, 0]);
  });

  it('honours Retry-After in seconds', async () => {
    connector.failNext(1, { status: 429, retryAfter: 2, method: 'POST' });
    await gateway.post(binding, message);
    expect(sleeps).toEqual([2000]);
  });

  it('retries 5xx with growing backoff', async () => {
    connector.failNext(3, { status: 503, method: 'POST' });
    await gateway.post(binding, message);
    expect(sleeps).toEqual([1, 2, 4]);
    expect(connector.posts).toHaveLength(1);
  });

  it('gives up after its retries with a typed reason and nothing posted', async () => {
    connector.failNext(4, { status: 429, retryAfter: 0 });
    await expect(gateway.post(binding, message)).rejects.toMatchObject({ name: 'ChatError', reason: 'rate_limited' });
    expect(connector.requests).toHaveLength(4);
    connector.failNext(2, { status: 500 });
    const other = makeGateway(undefined, 1);
    await expect(other.post(binding, message)).rejects.toMatchObject({ reason: 'unavailable' });
    expect(connector.posts).toHaveLength(0);
  });

  it('does not wait for a Retry-After beyond its limit', async () => {
    connector.failNext(1, { status: 429, retryAfter: 3600 });
    await expect(gateway.post(binding, message)).rejects.toMatchObject({ reason: 'rate_limited' });
    expect(sleeps).toEqual([]);
  });

  it('reports a conversation that is gone (404 ConversationNotFound, 403) without retrying', async () => {
    connector.gone(CHANNEL);
    await expect(gateway.post(binding, message)).rejects.toMatchObject({ reason: 'channel_gone' });
    connector.failNext(1, { status: 403, code: 'BotNotInConversationRoster' });
    await expect(gateway.post({ ...binding, channel: '19:other@thread.tacv2' }, message)).rejects.toMatchObject({ reason: 'channel_gone' });
    expect(sleeps).toEqual([]);
  });

  it('treats an update of an unknown activity as rejected, not as a lost channel', async () => {
    const error = await gateway
      .update({ platform: 'teams', workspace: TENANT, channel: CHANNEL, messageId: '1:missing', serviceUrl: connector.serviceUrl }, message)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatError);
    expect((error as ChatError).reason).toBe('rejected');
  });

  it('retries a refused connection, which proves nothing was sent', async () => {
    const closed = { ...binding, serviceUrl: 'http://127.0.0.1:9/emea/' };
    await expect(gateway.post(closed, message)).rejects.toMatchObject({ reason: 'unavailable' });
    expect(sleeps).toHaveLength(3);
  });

  it('opens a 1:1 chat for a direct message, once, with the channel in every button', async () => {
    gateway.observe('28:bot-app-id', { aadObjectId: 'aad-7', teamsId: '29:teams-7' });
    const user = { platform: 'teams' as const, workspace: TENANT, user: 'aad-7' };
    await gateway.direct(user, message, binding);
    await gateway.direct(user, message, binding);
    expect(connector.conversations).toHaveLength(1);
    expect(connector.conversations[0]!.body).toMatchObject({
      isGroup: false,
      bot: { id: '28:bot-app-id' },
      members: [{ id: '29:teams-7' }],
      tenantId: TENANT,
      channelData: { tenant: { id: TENANT } },
    });
    const chatId = connector.conversations[0]!.id;
    expect(connector.posts.map((p) => p.conversationId)).toEqual([chatId, chatId]);
    expect(JSON.stringify(connector.posts[0]!.activity)).toContain(`"_channel":"${CHANNEL}"`);
  });

  it('uses the Entra object id for people it has not seen, and reports a refusal as rejected', async () => {
    connector.refuseConversations(403);
    const user = { platform: 'teams' as const, workspace: TENANT, user: 'aad-unknown' };
    await expect(gateway.direct(user, message, binding)).rejects.toMatchObject({ reason: 'rejected' });
    expect(connector.posts).toHaveLength(0);
    connector.refuseConversations(null);
    await gateway.direct(user, message, binding);
    expect(connector.conversations[0]!.body).toMatchObject({ members: [{ id: 'aad-unknown' }] });
  });

  it('lists members by Entra object id', async () => {
    connector.setMembers(CHANNEL, [
      { id: '29:a', name: 'Anna', aadObjectId: 'aad-a' },
      { id: '29:b', name: 'Bram', aadObjectId: 'aad-b' },
    ]);
    expect(await gateway.members(binding)).toEqual([
      { platform: 'teams', workspace: TENANT, user: 'aad-a' },
      { platform: 'teams', workspace: TENANT, user: 'aad-b' },
    ]);
    expect(await gateway.memberNames({ serviceUrl: connector.serviceUrl, conversationId: `${CHANNEL};messageid=123` })).toEqual(
      new Map([['aad-a', 'Anna'], ['aad-b', 'Bram']]),
    );
  });
});
