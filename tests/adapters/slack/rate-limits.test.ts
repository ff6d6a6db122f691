/**
 * Slack's rate limits keep background work and people apart, end to end through POST
 * /slack/events and the fake Web API, which answers 429 with Retry-After as Slack does:
 * a count update that meets a 429 waits out its Retry-After, and meanwhile a person who
 * asks for the "more questions" form gets it at once, and another person's click is
 * confirmed at once. With one shared client, whose queue pauses on any 429, both would
 * wait the full Retry-After and the modal's trigger id would expire.
 */
import { afterEach, expect, it } from 'vitest';
import { startSlackBot, type SlackBot } from '../../fixtures/slack/slack-bot.ts';

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const RETRY_AFTER_S = 3;

it('a 429 on chat.update does not delay a views.open or a confirmation', async () => {
  bot = await startSlackBot();
  const b = bot;
  const { buttons } = await b.setUpAndOpen();
  const level = buttons.find((x) => x.action_id.startsWith('answer'))!;
  const more = buttons.find((x) => x.action_id.startsWith('more_questions'))!;
  b.api.failNext('chat.update', { status: 429, retryAfter: RETRY_AFTER_S });

  // A first answer moves the count: its update meets the 429.
  expect((await b.click('U1', level)).status).toBe(200);
  await b.until(() => b.api.calls.some((c) => c.method === 'chat.update!failed'), 'the rate-limited count update');
  const limitedAt = Date.now();

  // Someone asks for the form while chat.update is paused: it opens at once.
  const modals = b.api.called('views.open').length;
  expect((await b.click('U2', more, { triggerId: 'trigger-more' })).status).toBe(200);
  await b.until(() => b.api.called('views.open').length > modals, 'the answer form');
  const modalAfter = Date.now() - limitedAt;

  // Someone else answers: the private confirmation does not wait either.
  const replies = b.api.responses.length;
  expect((await b.click('U3', level)).status).toBe(200);
  await b.until(() => b.api.responses.length > replies, 'the confirmation');
  const confirmedAfter = Date.now() - limitedAt;

  expect(modalAfter).toBeLessThan(1000);
  expect(confirmedAfter).toBeLessThan(1000);
  expect(b.api.called('views.open').at(-1)?.args.trigger_id).toBe('trigger-more');
  // No count update went out during the pause: the 429 was honoured, for chat.update alone.
  expect(b.api.called('chat.update')).toHaveLength(0);

  // After the Retry-After, the count catches up with both answers in one update.
  await b.until(() => b.api.called('chat.update').length > 0, 'the count update after the pause');
  expect(Date.now() - limitedAt).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 300);
  expect(JSON.stringify(b.api.called('chat.update').at(-1)?.args.blocks)).toMatch(/\b2\b/);
}, 15_000);
