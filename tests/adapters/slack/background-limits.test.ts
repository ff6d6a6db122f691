/**
 * The background limiter against the fake Web API: a 429 pauses the method it was given
 * for, in that workspace only, for the Retry-After Slack named; other methods and other
 * workspaces go on meanwhile; a method's calls are paced at its tier. Member lists for
 * direct reminders leave out the bot itself, and a bot once Slack refused it a DM.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSlackClients, type SlackClients } from '../../../src/adapters/slack/clients.ts';
import { createSlackGateway } from '../../../src/adapters/slack/gateway.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../../../fixtures/slack/fake-slack-api.ts';

let api: FakeSlackApi;
let clients: SlackClients;
beforeEach(async () => {
  api = await startFakeSlackApi();
  clients = createSlackClients({ token: 'xoxb-test', apiUrl: api.apiUrl, retryConfig: { retries: 0 } });
});
afterEach(async () => {
  await api.close();
});

const update = (workspace: string): Promise<number> =>
  clients.limits.call({ workspace, method: 'chat.update', run: () => clients.background.chat.update({ channel: 'C1', ts: '1.2', text: 'x' }) }).then(() => Date.now());
const open = (workspace: string): Promise<number> =>
  clients.limits.call({ workspace, method: 'conversations.open', run: () => clients.background.conversations.open({ users: 'U1' }) }).then(() => Date.now());

it('pauses only the limited method in the limited workspace, for the Retry-After', async () => {
  api.failNext('chat.update', { status: 429, retryAfter: 2 });
  const started = Date.now();
  const limited = update('T1');
  // Let the 429 arrive before the others start.
  await new Promise((r) => setTimeout(r, 150));
  const [otherMethod, otherWorkspace] = await Promise.all([open('T1'), update('T2')]);
  expect(otherMethod - started).toBeLessThan(1000);
  expect(otherWorkspace - started).toBeLessThan(1000);
  expect((await limited) - started).toBeGreaterThanOrEqual(1900);
  expect(api.calls.filter((c) => c.method === 'chat.update!failed')).toHaveLength(1);
  expect(api.called('chat.update')).toHaveLength(2);
});

it('paces a method at its tier: Tier 3 lets a short burst through, then about one call in 1.2 s', async () => {
  const started = Date.now();
  const done = await Promise.all(Array.from({ length: 7 }, () => update('T1')));
  const spent = done.map((t) => t - started).sort((a, b) => a - b);
  // 50 a minute with a burst of 5: five at once, the sixth after ~1.2 s, the seventh ~2.4 s.
  expect(spent[4]).toBeLessThan(600);
  expect(spent[5]).toBeGreaterThanOrEqual(1000);
  expect(spent[6]).toBeGreaterThanOrEqual(2200);
});

it('leaves the bot itself out of member lists, and a bot Slack refused a direct message to after the first refusal', async () => {
  const gateway = createSlackGateway(clients);
  const channel = { platform: 'slack', workspace: 'T1', channel: 'C1', networkId: 'n1', serviceUrl: '' } as const;
  const remind = async (): Promise<string[]> => {
    const members = (await gateway.members(channel)) ?? [];
    await Promise.all(members.map((m) => gateway.direct(m, { text: 'x', blocks: [{ kind: 'paragraph', text: 'x' }] }, channel).catch(() => undefined)));
    return members.map((m) => m.user);
  };
  expect(await remind()).toEqual(['U1', 'U2', 'U3', 'UHELPERBOT']);
  expect(await remind()).toEqual(['U1', 'U2', 'U3']);
  const opened = api.calls.filter((c) => c.method === 'conversations.open').map((c) => c.args.users);
  expect(opened.filter((u) => u === 'UHELPERBOT')).toHaveLength(1);
  expect(opened).not.toContain('UBOT');
  expect(api.called('chat.postMessage').map((c) => c.args.channel).sort()).toEqual(['DU1', 'DU1', 'DU2', 'DU2', 'DU3', 'DU3']);
});
