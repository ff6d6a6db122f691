/**
 * The whole check-in cycle in a Slack channel, end to end through POST /slack/events:
 * signed requests shaped as Slack sends them, a fake Web API recording what the bot posts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../fixtures/slack/fake-slack-api.ts';
import { startSlackBot, type SlackBot } from '../../fixtures/slack/slack-bot.ts';

const COORD = 'U0COORD';
let bot: SlackBot;

beforeEach(async () => {
  bot = await startSlackBot();
});
afterEach(async () => {
  await bot.close();
});

function textOf(call: RecordedCall | { body: Record<string, unknown> }): string {
  const args = 'args' in call ? call.args : call.body;
  return JSON.stringify({ text: args.text, blocks: args.blocks });
}

async function setUp(k = 5): Promise<void> {
  expect((await bot.command(COORD, 'setup')).status).toBe(200);
  await bot.until(() => bot.api.called('views.open').length === 1, 'the setup modal');
  const modal = bot.api.called('views.open')[0]?.args.view as { callback_id: string; blocks: { block_id?: string }[] };
  expect(modal.callback_id).toBe('setup');
  expect(modal.blocks.map((b) => b.block_id)).toEqual(expect.arrayContaining(['name', 'language', 'instrument', 'schedule', 'timeZone', 'openDays', 'k', 'commentsEnabled', 'groupQuestions', 'coordinators']));
  expect((await bot.submitModal(COORD, { name: 'Netwerk Oost', k })).status).toBe(200);
  await bot.until(() => bot.api.called('chat.postEphemeral').length === 1, 'the setup confirmation');
}

async function openRound(): Promise<RecordedCall> {
  const before = bot.api.called('chat.postMessage').length;
  await bot.command(COORD, 'now');
  await bot.until(() => bot.api.called('chat.postMessage').length === before + 1, 'the round message');
  return bot.lastPost();
}

async function closeRound(): Promise<RecordedCall> {
  const before = bot.api.called('chat.postMessage').length;
  await bot.command(COORD, 'close');
  await bot.until(() => bot.api.called('chat.postMessage').length === before + 1, 'the results message');
  return bot.lastPost();
}

describe('a check-in cycle in Slack', () => {
  it('runs setup → now → six answers (one changed, one withdrawn) → close with the right distribution', async () => {
    await setUp(3); // five answers are k + 2: the coordinator may close early
    const round = await openRound();
    const actions = (round.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).filter((b) => b.type === 'actions');
    // The contract: the first actions block holds exactly the four level buttons, 1 to 4.
    expect(actions[0]?.elements?.map((e) => e.value.split(':')[1])).toEqual(['1', '2', '3', '4']);
    const levels = bot.buttonsOf(round).slice(0, 4);

    const choices: [string, number][] = [['U1', 1], ['U2', 2], ['U3', 3], ['U4', 3], ['U5', 2], ['U6', 4]];
    for (const [user, level] of choices) expect((await bot.click(user, levels[level - 1]!)).status).toBe(200);
    await bot.until(() => bot.api.responses.length >= 7, 'six private confirmations');
    // U2 changes to onenigheid; U6 withdraws with the button in their confirmation.
    await bot.click('U2', levels[2]!);
    await bot.until(() => bot.api.responses.length >= 8, 'the changed confirmation');
    const u6 = bot.api.responses.find((r) => textOf(r).includes('conflict'));
    expect(u6).toBeDefined();
    const withdraw = (u6?.body.blocks as { type: string; elements?: { action_id?: string; value: string; text: { text: string } }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e): e is { action_id: string; value: string; text: { text: string } } => e.action_id?.startsWith('withdraw') === true);
    expect(withdraw).toBeDefined();
    await bot.click('U6', withdraw!);
    await bot.until(() => bot.api.responses.length >= 9, 'the withdraw confirmation');

    // Confirmations are private (response_url, ephemeral), never in the channel.
    for (const r of bot.api.responses) expect(r.body.response_type).toBe('ephemeral');
    // The channel message only ever shows the count while open.
    const updates = bot.api.called('chat.update');
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) expect(textOf(u)).not.toMatch(/%|\(\d+\)/);

    const results = await closeRound();
    const text = textOf(results);
    expect(text).toContain('5 reacties');
    // The distribution once: a section of four fields, a level and its figure each.
    expect(text).toContain('Vriendschappelijk aangenaam\\n*1 (20%)*');
    expect(text).toContain('Waakzaam\\n*1 (20%)*');
    expect(text).toContain('Onenigheid\\n*3 (60%)*');
    expect(text).toContain('Conflict\\n*0 (0%)*');
    expect(text.match(/60%/g)).toHaveLength(1);

    // The trend chart goes into the results message's thread, with its alt text.
    await bot.until(() => bot.api.called('files.completeUploadExternal').length === 1, 'the chart upload');
    const complete = bot.api.called('files.completeUploadExternal')[0]!.args;
    expect(complete.channel_id).toBe('C0NETWORK');
    expect(complete.thread_ts).toMatch(/^\d+\.\d+$/);
    const png = [...bot.api.uploads.values()][0]!;
    expect(png.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(true);
    expect(JSON.stringify(bot.api.called('files.getUploadURLExternal')[0]?.args)).toMatch(/Grafiek van de laatste ronde/);
  });

  it('shows only "too few answers" for a round with two answers', async () => {
    await setUp();
    const levels = bot.buttonsOf(await openRound()).slice(0, 4);
    await bot.click('U1', levels[0]!);
    await bot.click('U2', levels[3]!);
    await bot.until(() => bot.api.responses.length >= 3, 'two confirmations');
    const text = textOf(await closeRound());
    expect(text).toMatch(/tonen: 2, en er zijn er minstens 5 nodig/);
    expect(text).not.toMatch(/%|Vriendschappelijk aangenaam|Conflict\b/);
  });

  it('refuses a non-coordinator politely, naming the coordinators, and changes nothing', async () => {
    await setUp();
    await openRound();
    const posts = bot.api.called('chat.postMessage').length;
    await bot.command('U9', 'close');
    await bot.command('U9', 'export');
    await bot.until(() => bot.api.responses.length >= 3, 'two refusals');
    const refusals = bot.api.responses.slice(-2);
    for (const r of refusals) {
      expect(r.body.response_type).toBe('ephemeral');
      expect(textOf(r)).toContain('<@U0COORD>');
    }
    expect(bot.api.called('chat.postMessage')).toHaveLength(posts);
    expect(bot.api.called('files.completeUploadExternal')).toHaveLength(0);
  });

  it('uploads the export to the coordinator in a direct message', async () => {
    await setUp();
    await openRound();
    await closeRound();
    await bot.command(COORD, 'export');
    await bot.until(() => bot.api.called('files.completeUploadExternal').length === 1, 'the CSV upload');
    expect(bot.api.called('conversations.open')[0]?.args.users).toBe(COORD);
    const upload = [...bot.api.uploads.values()][0]?.toString('utf8') ?? '';
    expect(upload).toContain('round,opened,closed');
    // Aggregates only: no user id travels in the export.
    expect(upload).not.toMatch(/U0COORD|U[1-6]\b/);
  });

  it('answers help, privacy and tips for anyone, in Dutch before setup', async () => {
    await bot.command('U7', 'help');
    await bot.command('U7', 'privacy');
    await bot.command('U7', 'tips 3');
    await bot.until(() => bot.api.responses.length >= 3, 'three replies');
    const [help, privacy, tips] = bot.api.responses.map(textOf);
    expect(help).toContain('/thermometer');
    expect(privacy).toMatch(/anoniem/i);
    expect(tips).toContain('Onenigheid');
  });
});
