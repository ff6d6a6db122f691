/**
 * The scheduler as it runs in production, with real croner and real time: the bot
 * started the way `npm start` starts it, set up through signed Slack requests with a
 * custom schedule a few seconds ahead, killed before the run and started again after
 * it. It opens exactly the round its confirmation named, once, late, with that round's
 * own close time; killed and started again, it opens and posts nothing more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatDateTime } from '../../src/app/messages/index.ts';
import { loadContent } from '../../src/content/load.ts';
import { openStore } from '../../src/store/index.ts';
import { startBotProcess, type BotProcess } from '../fixtures/bot-process.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fixtures/slack/fake-slack-api.ts';
import { form, payloadForm, sendSlack, slashCommand, viewSubmission } from '../fixtures/slack/requests.ts';
import { SIGNING_SECRET } from '../fixtures/slack/slack-bot.ts';

const MINUTE = 60_000;
let api: FakeSlackApi;
let dir: string;
let env: Record<string, string>;
const running: BotProcess[] = [];

beforeAll(async () => {
  api = await startFakeSlackApi();
  dir = mkdtempSync(join(tmpdir(), 'thermometer-restart-'));
  // Debug level: the bot logs every scheduler tick, also one that had nothing to do.
  env = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-0000-test', SLACK_API_URL: api.apiUrl, DATABASE_PATH: join(dir, 'bot.db'), LOG_LEVEL: 'debug' };
});
afterAll(async () => {
  for (const bot of running) await bot.kill('SIGTERM');
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function start(): Promise<BotProcess> {
  const bot = await startBotProcess(env);
  running.push(bot);
  return bot;
}

const ticks = (bot: BotProcess) => bot.lines.filter((l) => l.includes('"msg":"scheduler tick"'));
const roundPosts = () => api.called('chat.postMessage').filter((c) => JSON.stringify(c.args.blocks ?? []).includes('"action_id":"answer'));

it('opens the run it was down for exactly once, and nothing more after another restart', async () => {
  const first = await start();
  // Cron counts in whole minutes: the next one at least 12 seconds away, so setup is
  // done before it. The test waits 12 to 72 seconds for it.
  const run = new Date(Math.ceil((Date.now() + 12_000) / MINUTE) * MINUTE);
  const cron = `${run.getUTCMinutes()} ${run.getUTCHours()} * * *`;

  await sendSlack(first.url, SIGNING_SECRET, form(slashCommand({ text: 'setup', response_url: api.responseUrl('setup') })));
  await until(() => api.called('views.open').length === 1, 'the setup modal');
  const view = api.called('views.open')[0]!.args.view as { callback_id: string; private_metadata: string };
  const values = {
    name: { name: { type: 'plain_text_input', value: 'Netwerk West' } },
    schedule: { schedule: { type: 'static_select', selected_option: { value: 'custom', text: { type: 'plain_text', text: 'custom' } } } },
    cron: { cron: { type: 'plain_text_input', value: cron } },
    // UTC is not among the likely zones: "other", and its name typed beside it.
    timeZone: { timeZone: { type: 'static_select', selected_option: { value: 'other', text: { type: 'plain_text', text: 'other' } } } },
    timeZoneOther: { timeZoneOther: { type: 'plain_text_input', value: 'UTC' } },
    openDays: { openDays: { type: 'number_input', value: '1' } },
  };
  const submitted = await sendSlack(first.url, SIGNING_SECRET, payloadForm(viewSubmission('U0COORD', { ...view, values })));
  expect(submitted.status).toBe(200);
  await until(() => api.called('chat.postEphemeral').length === 1, 'the setup confirmation');
  const confirmation = JSON.stringify(api.called('chat.postEphemeral')[0]!.args.blocks);
  const named = formatDateTime(run, { content: loadContent(), lang: 'nl', timeZone: 'UTC' });
  expect(confirmation).toContain(`• ${named}`);

  // Down before the run.
  expect(Date.now()).toBeLessThan(run.getTime());
  await first.kill('SIGKILL');
  expect(roundPosts()).toHaveLength(0);

  // Started again after it: that round opens, late, once.
  await new Promise((r) => setTimeout(r, run.getTime() - Date.now() + 1000));
  const second = await start();
  await until(() => roundPosts().length === 1, 'the round message');
  await until(() => ticks(second).some((l) => l.includes('"opened":1')), 'the tick that opened it');
  const store = openStore(env.DATABASE_PATH!);
  const network = (await store.networks.all())[0]!;
  const open = (await store.rounds.openFor(network.id))!;
  expect(open.opensAt.toISOString()).toBe(run.toISOString());
  expect(open.openedAt!.getTime()).toBeGreaterThan(run.getTime());
  // Its own close time: one day after the run, not after the late opening.
  expect(open.closesAt.toISOString()).toBe(new Date(run.getTime() + 24 * 60 * MINUTE).toISOString());
  expect(JSON.stringify(roundPosts()[0]!.args.blocks)).toContain(formatDateTime(open.closesAt, { content: loadContent(), lang: 'nl', timeZone: 'UTC' }));
  // No reminder: the round is open one day, its reminder would be 48 hours before close.
  expect(api.called('chat.postMessage')).toHaveLength(1);

  // Killed and started again: its first tick runs and does nothing.
  await second.kill('SIGKILL');
  const third = await start();
  await until(() => ticks(third).length > 0, 'the first tick after the second restart');
  expect(ticks(third)[0]).toContain('"level":"debug"');
  expect(api.called('chat.postMessage')).toHaveLength(1);
  expect((await store.rounds.openFor(network.id))?.id).toBe(open.id);
  // The next run is planned for tomorrow, nothing in between.
  expect((await store.rounds.scheduledFor(network.id)).map((r) => r.opensAt.toISOString())).toEqual([new Date(run.getTime() + 24 * 60 * MINUTE).toISOString()]);
  await store.close();
  await third.kill('SIGTERM');
}, 150_000);
