/**
 * SIGKILL of the bot in the middle of a burst of answers: after a restart on the same
 * database file every answer Slack got an "ok" for is there, and the round closes
 * normally with all of them counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { participationToken } from '../../src/app/tokens.ts';
import { openStores } from '../../src/store/index.ts';
import { startBotProcess, type BotProcess } from '../fixtures/bot-process.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fixtures/slack/fake-slack-api.ts';
import { blockActions, CHANNEL, form, payloadForm, sendSlack, slashCommand, TEAM, viewSubmission } from '../fixtures/slack/requests.ts';
import { SIGNING_SECRET } from '../fixtures/slack/slack-bot.ts';

let api: FakeSlackApi;
let dir: string;
let env: Record<string, string>;
const running: BotProcess[] = [];

beforeAll(async () => {
  api = await startFakeSlackApi();
  dir = mkdtempSync(join(tmpdir(), 'thermometer-kill-'));
  env = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-0000-test', SLACK_API_URL: api.apiUrl, DATABASE_PATH: join(dir, 'bot.db') };
});
afterAll(async () => {
  for (const bot of running) await bot.kill('SIGTERM');
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('keeps every acknowledged answer across a SIGKILL and closes the round with all of them', async () => {
  const first = await startBotProcess(env);
  running.push(first);
  const command = (url: string, text: string) => sendSlack(url, SIGNING_SECRET, form(slashCommand({ text, response_url: api.responseUrl('cmd') })));

  await command(first.url, 'setup');
  await until(() => api.called('views.open').length === 1, 'the setup modal');
  const view = api.called('views.open')[0]!.args.view as { callback_id: string; private_metadata: string };
  await sendSlack(first.url, SIGNING_SECRET, payloadForm(viewSubmission('U0COORD', { ...view, values: { name: { name: { type: 'plain_text_input', value: 'Burst' } } } })));
  await until(() => api.called('chat.postEphemeral').length === 1, 'setup confirmation');
  await command(first.url, 'now');
  await until(() => api.called('chat.postMessage').length === 1, 'the round message');
  const buttons = (api.called('chat.postMessage')[0]!.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions')!.elements!;
  const roundId = buttons[0]!.value.split(':')[0]!;

  // A burst of clicks from distinct people, ten at a time; the bot dies part-way.
  const acked: string[] = [];
  let sent = 0;
  const click = async (user: string): Promise<void> => {
    const button = buttons[sent % 4]!;
    sent += 1;
    try {
      const res = await sendSlack(first.url, SIGNING_SECRET, payloadForm(blockActions({ user, actionId: button.action_id, value: button.value, responseUrl: api.responseUrl(user) })));
      if (res.status === 200) acked.push(user);
    } catch {
      // The connection died with the process: not acknowledged.
    }
  };
  for (let batch = 0; batch < 20; batch++) {
    const users = Array.from({ length: 10 }, (_, i) => `UB${batch}x${i}`);
    const burst = Promise.all(users.map(click));
    if (batch === 8) {
      await new Promise((r) => setTimeout(r, 2));
      await first.kill('SIGKILL');
    }
    await burst;
    if (first.child.signalCode === 'SIGKILL') break;
  }
  expect(first.child.signalCode).toBe('SIGKILL');
  expect(acked.length).toBeGreaterThan(40);

  // Every acknowledged person has an answer behind their token, and the file is sound.
  const stores = openStores(env.DATABASE_PATH!);
  const secret = await stores.linkage.secret(roundId);
  expect(secret).toBeDefined();
  const missing: string[] = [];
  for (const user of acked) if (!(await stores.linkage.has(roundId, participationToken(secret!, { platform: 'slack', workspace: TEAM, user })))) missing.push(user);
  expect(missing).toEqual([]);
  const count = await stores.linkage.count(roundId);
  expect(count).toBeGreaterThanOrEqual(acked.length);
  await stores.close();

  // A restart closes the round normally, counting every recorded answer.
  const second = await startBotProcess(env);
  running.push(second);
  const posts = api.called('chat.postMessage').length;
  await command(second.url, 'close');
  await until(() => api.called('chat.postMessage').length > posts, 'the results');
  const results = JSON.stringify(api.called('chat.postMessage').at(-1)!.args);
  expect(results).toContain(`${count} reacties`);
  expect(CHANNEL).toBe(api.called('chat.postMessage').at(-1)!.args.channel);
}, 60_000);
