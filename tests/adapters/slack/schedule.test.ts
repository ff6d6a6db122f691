/**
 * Scheduling in Slack end to end through POST /slack/events: the setup modal refuses a
 * schedule whose rounds would overlap (the error stands next to the field, nothing is
 * lost), and `/thermometer schedule` shows any member the next rounds in the network's
 * time zone — the same dates the setup confirmation named.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackBot, type SlackBot } from '../../fixtures/slack/slack-bot.ts';
import { fixedClock } from '../../helpers/clock.ts';

const COORD = 'U0COORD';
let bot: SlackBot;

beforeEach(async () => {
  // Thursday 26 November 2026, two days after a Tuesday.
  bot = await startSlackBot({ clock: fixedClock('2026-11-26T12:00:00Z') });
});
afterEach(async () => {
  await bot.close();
});

const bodyText = (args: Record<string, unknown>): string => JSON.stringify({ text: args.text, blocks: args.blocks });

async function openSetup(): Promise<void> {
  const before = bot.api.called('views.open').length;
  await bot.command(COORD, 'setup');
  await bot.until(() => bot.api.called('views.open').length > before, 'the setup modal');
}

describe('scheduling in Slack', () => {
  it('shows the cron field only once "own schedule" is chosen, keeping what was typed', async () => {
    await openSetup();
    const opened = bot.api.called('views.open').at(-1)!;
    const blockIds = (view: unknown): string[] => ((view as { blocks: { block_id?: string }[] }).blocks ?? []).flatMap((b) => (b.block_id ? [b.block_id] : []));
    expect(blockIds(opened.args.view)).not.toContain('cron');
    expect(blockIds(opened.args.view)).not.toContain('timeZoneOther');
    const schedule = (opened.args.view as { blocks: { block_id?: string; dispatch_action?: boolean }[] }).blocks.find((b) => b.block_id === 'schedule');
    expect(schedule?.dispatch_action).toBe(true);
    expect((await bot.choose(COORD, 'schedule', 'custom')).status).toBe(200);
    await bot.until(() => bot.api.called('views.update').length === 1, 'the updated modal');
    const update = bot.api.called('views.update')[0]!.args;
    expect(update.view_id).toBe(`V${bot.api.calls.indexOf(opened)}`);
    expect(update.hash).toBe('h1');
    const ids = blockIds(update.view);
    expect(ids.indexOf('cron')).toBe(ids.indexOf('schedule') + 1);
    expect(ids).not.toContain('timeZoneOther');
    // Choosing a likely time zone changes nothing; "other" adds its field.
    await bot.choose(COORD, 'timeZone', 'other');
    await bot.until(() => bot.api.called('views.update').length === 2, 'the second update');
    expect(blockIds(bot.api.called('views.update')[1]!.args.view)).toContain('timeZoneOther');
  });

  it('refuses daily rounds open for a week inside the modal, naming both fields, and keeps nothing', async () => {
    await openSetup();
    await bot.choose(COORD, 'schedule', 'custom');
    await bot.until(() => bot.api.called('views.update').length === 1, 'the cron field');
    const res = await bot.submitModal(COORD, { name: 'Netwerk Oost', schedule: 'custom', cron: '0 9 * * *', openDays: 7 });
    expect(res.status).toBe(200);
    const ack = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(ack.response_action).toBe('errors');
    expect(Object.keys(ack.errors)).toEqual(['openDays']);
    expect(ack.errors.openDays).toContain('Eigen planning (cron)');
    expect(ack.errors.openDays).toContain('Dagen open');
    expect(ack.errors.openDays).toContain('hoogstens 1');
    expect(bot.api.called('chat.postEphemeral')).toHaveLength(0);
    expect(await bot.server.useCases.networkFor({ platform: 'slack', workspace: 'T0FAKE', channel: 'C0NETWORK' })).toBeUndefined();
  });

  it('shows a member the next three rounds, the first being the one the setup confirmation named', async () => {
    await openSetup();
    await bot.choose(COORD, 'schedule', 'custom');
    await bot.until(() => bot.api.called('views.update').length === 1, 'the cron field');
    const res = await bot.submitModal(COORD, { name: 'Netwerk Oost', schedule: 'custom', cron: '0 9 * * 2', openDays: 5 });
    expect(res.status).toBe(200);
    await bot.until(() => bot.api.called('chat.postEphemeral').length === 1, 'the setup confirmation');
    const confirmation = bodyText(bot.api.called('chat.postEphemeral')[0]!.args);
    // Not the Tuesday two days ago: the next one.
    expect(confirmation).toContain('dinsdag 1 december om 09:00');
    expect(confirmation).not.toContain('24 november');

    const replies = bot.api.responses.length;
    await bot.command('U7MEMBER', 'schedule');
    await bot.until(() => bot.api.responses.length > replies, 'the schedule reply');
    const reply = bot.api.responses.at(-1)!.body;
    expect(reply.response_type).toBe('ephemeral');
    const text = bodyText(reply);
    expect(text).toContain('Planning van Netwerk Oost');
    expect(text).toContain('dinsdag 1 december om 09:00* tot zondag 6 december om 09:00 · herinnering vrijdag 4 december om 09:00');
    expect(text).toContain('dinsdag 8 december om 09:00');
    expect(text).toContain('dinsdag 15 december om 09:00');
    expect(text).not.toContain('22 december');
  });

  it('tells a member in a channel without a network how to start', async () => {
    await bot.command('U7MEMBER', 'schedule');
    await bot.until(() => bot.api.responses.length === 1, 'the reply');
    expect(bodyText(bot.api.responses[0]!.body)).toContain('/thermometer setup');
  });
});
