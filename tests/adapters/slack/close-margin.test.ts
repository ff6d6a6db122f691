/**
 * Early close on a thin margin, end to end through POST /slack/events: the coordinator's
 * /thermometer close at k answers gets a private refusal that says why, the channel gets
 * nothing; from k + 2 answers the same command posts the results.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackBot, type SlackBot } from '../../fixtures/slack/slack-bot.ts';

let bot: SlackBot;
beforeEach(async () => {
  bot = await startSlackBot();
});
afterEach(async () => {
  await bot.close();
});

describe('/thermometer close on a thin margin', () => {
  it('is refused privately at k answers, with the reason in Dutch, and works from k + 2', async () => {
    const { buttons } = await bot.setUpAndOpen();
    const levels = buttons.slice(0, 4);
    const replies = bot.api.responses.length;
    for (const user of ['U1', 'U2', 'U3', 'U4', 'U5']) await bot.click(user, levels[1]!);
    await bot.until(() => bot.api.responses.length >= replies + 5, 'five confirmations');
    const posts = bot.api.called('chat.postMessage').length;

    await bot.command('U0COORD', 'close');
    // Replies arrive in any order (the confirmations are sent in the background): find the refusal by its words.
    const refusalOf = () => bot.api.responses.slice(replies).find((r) => JSON.stringify(r.body).includes('niet eerder sluiten'));
    await bot.until(() => refusalOf() !== undefined, 'the refusal');
    const refusal = refusalOf()!;
    expect(refusal.body.response_type).toBe('ephemeral');
    const text = JSON.stringify(refusal.body);
    expect(text).toContain('niet eerder sluiten');
    expect(text).toContain('vanaf 7 reacties');
    expect(text).toContain('geplande moment');
    expect(bot.api.called('chat.postMessage')).toHaveLength(posts);

    for (const user of ['U6', 'U7']) await bot.click(user, levels[2]!);
    const confirmations = () => bot.api.responses.filter((r) => JSON.stringify(r.body).includes('Anoniem vastgelegd')).length;
    await bot.until(() => confirmations() === 7, 'two more confirmations');
    await bot.command('U0COORD', 'close');
    await bot.until(() => bot.api.called('chat.postMessage').length === posts + 1, 'the results');
    const results = JSON.stringify(bot.lastPost().args);
    expect(results).toContain('Uitkomst');
    expect(results).toContain('7 reacties');
  });
});
