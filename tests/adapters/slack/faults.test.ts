/**
 * Slack misbehaving: a 429 with Retry-After is waited out and the post goes out once; a
 * 500 is retried; a channel that is gone marks the post failed without losing answers.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startSlackBot, type SlackBot } from '../../fixtures/slack/slack-bot.ts';

let bot: SlackBot;
beforeEach(async () => {
  bot = await startSlackBot();
  await bot.command('U0COORD', 'setup');
  await bot.until(() => bot.api.called('views.open').length === 1, 'setup modal');
  await bot.submitModal('U0COORD', { name: 'Netwerk Oost' });
  await bot.until(() => bot.api.called('chat.postEphemeral').length === 1, 'setup confirmation');
});
afterEach(async () => {
  await bot.close();
});

it('waits out a 429 with Retry-After and posts the round exactly once', async () => {
  bot.api.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
  const started = Date.now();
  await bot.command('U0COORD', 'now');
  await bot.until(() => bot.api.called('chat.postMessage').length === 1, 'the round after the wait');
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  expect(bot.api.calls.filter((c) => c.method === 'chat.postMessage!failed')).toHaveLength(1);
  await new Promise((r) => setTimeout(r, 200));
  expect(bot.api.called('chat.postMessage')).toHaveLength(1);
});

it('retries a 500 and posts once', async () => {
  bot.api.failNext('chat.postMessage', { status: 500 });
  await bot.command('U0COORD', 'now');
  await bot.until(() => bot.api.called('chat.postMessage').length === 1, 'the round after the retry');
  await new Promise((r) => setTimeout(r, 200));
  expect(bot.api.called('chat.postMessage')).toHaveLength(1);
});

it('keeps answers when the count update fails, and marks a gone channel without crashing', async () => {
  await bot.command('U0COORD', 'now');
  await bot.until(() => bot.api.called('chat.postMessage').length === 1, 'the round');
  const buttons = bot.buttonsOf(bot.lastPost());
  const roundId = buttons[0]?.value.split(':')[0] ?? '';
  bot.api.failNext('chat.update', { status: 500 }, 5);
  await bot.click('U1', buttons[1]!);
  await bot.until(() => bot.api.responses.length >= 2, 'the confirmation');
  expect(await bot.server.deps.linkage.count(roundId)).toBe(1);

  bot.api.failNext('chat.postMessage', { error: 'channel_not_found' });
  await bot.command('U0COORD', 'close');
  await bot.until(async () => (await bot.server.deps.store.posts.forRound(roundId, 'results')).some((p) => p.state === 'failed'), 'the failed results post');
  expect((await fetch(`${bot.server.url}/healthz`)).status).toBe(200);
});
