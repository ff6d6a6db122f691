/**
 * Forged, stale, mistyped and malformed requests to /slack/events change nothing and get
 * a 4xx without a stack trace; a redelivered event, a replayed click, command or modal
 * submission counts once, and what is kept to know that holds no id and no exact time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { blockActions, eventCallback, form, FORM, payloadForm, sendSlack, signature, slashCommand, viewSubmission } from '../../fixtures/slack/requests.ts';
import { SIGNING_SECRET, startSlackBot, type SlackBot } from '../../fixtures/slack/slack-bot.ts';

let bot: SlackBot;
let roundId: string;
let buttons: ReturnType<SlackBot['buttonsOf']>;

beforeEach(async () => {
  bot = await startSlackBot();
  ({ buttons, roundId } = await bot.setUpAndOpen());
});
afterEach(async () => {
  await bot.close();
});

const answers = (): Promise<number> => bot.server.deps.linkage.count(roundId);
const channel = { platform: 'slack' as const, workspace: 'T0FAKE', channel: 'C0NETWORK' };
const networkId = async (): Promise<string> => (await bot.server.useCases.networkFor(channel))!.id;
const settingsName = async (): Promise<string | undefined> => (await bot.server.useCases.networkFor(channel))?.settings.name;
const click = (user: string) => payloadForm(blockActions({ user, actionId: buttons[2]!.action_id, value: buttons[2]!.value, responseUrl: bot.api.responseUrl(user) }));
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('requests Slack did not sign, or not now', () => {
  it('refuses a forged signature', async () => {
    const res = await sendSlack(bot.server.url, SIGNING_SECRET, click('U1'), { signature: signature('0'.repeat(32), Math.floor(Date.now() / 1000), click('U1')) });
    expect(res.status).toBe(401);
    await settle();
    expect(await answers()).toBe(0);
  });

  it('refuses a correctly signed request older than five minutes', async () => {
    const res = await sendSlack(bot.server.url, SIGNING_SECRET, click('U1'), { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(res.status).toBe(401);
    await settle();
    expect(await answers()).toBe(0);
  });

  it('refuses a body that was changed after signing', async () => {
    const body = click('U1');
    const ts = Math.floor(Date.now() / 1000);
    const res = await sendSlack(bot.server.url, SIGNING_SECRET, body.replace('U1', 'U2'), { timestamp: ts, signature: signature(SIGNING_SECRET, ts, body) });
    expect(res.status).toBe(401);
    await settle();
    expect(await answers()).toBe(0);
  });

  it('records nothing from a body in the wrong content type', async () => {
    const res = await sendSlack(bot.server.url, SIGNING_SECRET, click('U1'), { contentType: 'application/json' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await settle();
    expect(await answers()).toBe(0);
  });

  it('answers malformed payloads with a 4xx and no stack trace', async () => {
    for (const body of ['payload=%7Bnot-json', 'payload=' + encodeURIComponent('{"type":"block_actions"'), '%%%']) {
      const res = await sendSlack(bot.server.url, SIGNING_SECRET, body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(await res.text()).not.toMatch(/at \w+ \(|node_modules/);
    }
    expect(await answers()).toBe(0);
    expect((await fetch(`${bot.server.url}/healthz`)).status).toBe(200);
  });

  it('ignores clicks whose payload lacks what it needs, or names an unknown action', async () => {
    const posts = bot.api.called('chat.postMessage').length;
    for (const payload of [
      { type: 'block_actions', actions: [] },
      { ...blockActions({ user: 'U1', actionId: 'delete_everything#0', value: roundId, responseUrl: bot.api.responseUrl('x') }) },
      { ...blockActions({ user: 'U1', actionId: 'answer#0', value: `${roundId}:9`, responseUrl: bot.api.responseUrl('y') }) },
      { ...blockActions({ user: 'U1', actionId: 'answer#0', value: 'x'.repeat(1900), responseUrl: bot.api.responseUrl('z') }) },
    ]) {
      const res = await sendSlack(bot.server.url, SIGNING_SECRET, payloadForm(payload));
      expect(`${res.status} ${JSON.stringify(payload).slice(0, 60)}`).not.toMatch(/^5/);
    }
    await settle();
    expect(await answers()).toBe(0);
    expect(bot.api.called('chat.postMessage')).toHaveLength(posts);
  });
});

describe('retries and repeats', () => {
  it('counts a replayed click (same trigger id, Slack retry headers) once', async () => {
    const body = payloadForm(blockActions({ user: 'U1', actionId: buttons[2]!.action_id, value: buttons[2]!.value, responseUrl: bot.api.responseUrl('u1'), triggerId: 'T-REPLAY' }));
    expect((await sendSlack(bot.server.url, SIGNING_SECRET, body)).status).toBe(200);
    expect((await sendSlack(bot.server.url, SIGNING_SECRET, body, { retryNum: 1 })).status).toBe(200);
    await bot.until(() => bot.api.responses.some((r) => r.id === 'u1'), 'the confirmation');
    await settle();
    expect(await answers()).toBe(1);
    expect(bot.api.responses.filter((r) => r.id === 'u1')).toHaveLength(1);
  });

  it('processes a redelivered event once', async () => {
    const event = eventCallback({ type: 'channel_deleted', channel: 'C0NETWORK' }, 'Ev0REDELIVER');
    const body = JSON.stringify(event);
    expect((await sendSlack(bot.server.url, SIGNING_SECRET, body, { contentType: 'application/json' })).status).toBe(200);
    await bot.until(async () => (await bot.server.useCases.networkFor({ platform: 'slack', workspace: 'T0FAKE', channel: 'C0NETWORK' })) === undefined, 'the channel forgotten');
    // Bind the channel again; the redelivered copy of the old event must not undo it.
    await bot.command('U0COORD', 'setup');
    await bot.until(() => bot.api.called('views.open').length === 2, 'setup modal again');
    await bot.submitModal('U0COORD', { name: 'Netwerk Oost' });
    await bot.until(async () => (await bot.server.useCases.networkFor({ platform: 'slack', workspace: 'T0FAKE', channel: 'C0NETWORK' })) !== undefined, 'bound again');
    expect((await sendSlack(bot.server.url, SIGNING_SECRET, body, { contentType: 'application/json', retryNum: 1 })).status).toBe(200);
    await settle();
    expect(await bot.server.useCases.networkFor({ platform: 'slack', workspace: 'T0FAKE', channel: 'C0NETWORK' })).toBeDefined();
  });

  it('opens no second round from a replayed signed /thermometer now', async () => {
    const openRound = async () => bot.server.deps.store.rounds.openFor(await networkId());
    const rounds = async () => (await bot.server.deps.store.rounds.closedFor(await networkId(), 100)).length + ((await openRound()) ? 1 : 0);
    await bot.command('U0COORD', 'close');
    await bot.until(async () => (await openRound()) === undefined, 'the first round closed');
    const ts = Math.floor(Date.now() / 1000);
    const now = form(slashCommand({ user_id: 'U0COORD', text: 'now', trigger_id: '1709454000.987654.replayme', response_url: bot.api.responseUrl('now') }));
    expect((await sendSlack(bot.server.url, SIGNING_SECRET, now, { timestamp: ts })).status).toBe(200);
    await bot.until(async () => (await openRound()) !== undefined, 'the second round');
    await bot.command('U0COORD', 'close');
    await bot.until(async () => (await openRound()) === undefined, 'the second round closed');
    const before = await rounds();
    // The same signed request again, well within Slack's five minutes.
    expect((await sendSlack(bot.server.url, SIGNING_SECRET, now, { timestamp: ts })).status).toBe(200);
    await settle();
    expect(await openRound()).toBeUndefined();
    expect(await rounds()).toBe(before);
  });

  it('ignores a replayed modal submission: it cannot undo what changed since', async () => {
    const submitSetup = async (name: string, triggerId: string, ts: number) => {
      await bot.command('U0COORD', 'setup');
      const opened = bot.api.called('views.open').at(-1)!;
      const view = opened.args.view as { callback_id: string; private_metadata: string };
      const body = payloadForm({ ...viewSubmission('U0COORD', { callback_id: view.callback_id, private_metadata: view.private_metadata, values: { name: { name: { type: 'plain_text_input', value: name } } } }), trigger_id: triggerId });
      expect((await sendSlack(bot.server.url, SIGNING_SECRET, body, { timestamp: ts })).status).toBe(200);
      return body;
    };
    const ts = Math.floor(Date.now() / 1000);
    const first = await submitSetup('Netwerk Oud', '1709454001.1.first', ts);
    await bot.until(async () => (await settingsName()) === 'Netwerk Oud', 'the first rename');
    await submitSetup('Netwerk Nieuw', '1709454002.2.second', ts);
    await bot.until(async () => (await settingsName()) === 'Netwerk Nieuw', 'the second rename');
    expect((await sendSlack(bot.server.url, SIGNING_SECRET, first, { timestamp: ts })).status).toBe(200);
    await settle();
    expect(await settingsName()).toBe('Netwerk Nieuw');
  });

  it('keeps no delivery id and no time finer than the hour', async () => {
    const ids = ['1709454003.3.keepnothing', 'T-REPLAY-CLICK'];
    await sendSlack(bot.server.url, SIGNING_SECRET, form(slashCommand({ text: 'help', trigger_id: ids[0] })));
    await sendSlack(bot.server.url, SIGNING_SECRET, payloadForm(blockActions({ user: 'U7', actionId: buttons[1]!.action_id, value: buttons[1]!.value, responseUrl: bot.api.responseUrl('u7'), triggerId: ids[1] })));
    await settle();
    const db = new Database(bot.dbPath, { readonly: true });
    try {
      const rows = db.prepare('SELECT delivery_id, seen_at FROM deliveries').all() as { delivery_id: string; seen_at: number }[];
      expect(rows.length).toBeGreaterThanOrEqual(4); // setup, now, help, click (and the setup modal)
      for (const row of rows) {
        expect(row.seen_at % 3_600_000).toBe(0);
        expect(row.delivery_id).toMatch(/^[\w-]{43}$/);
        for (const id of ids) expect(row.delivery_id).not.toContain(id.split('.').at(-1));
      }
    } finally {
      db.close();
    }
  });

  it('answers slash commands in the documented form encoding only', async () => {
    const res = await sendSlack(bot.server.url, SIGNING_SECRET, form(slashCommand({ text: 'help' })), { contentType: FORM });
    expect(res.status).toBe(200);
  });
});
