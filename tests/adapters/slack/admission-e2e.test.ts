/**
 * Past capacity, answer clicks are refused at once with the polite "busy, try again"
 * through their response_url, and nothing of them is recorded; the clicks admitted are
 * recorded as always. End to end through POST /slack/events with the bound set low
 * (ANSWERS_IN_FLIGHT) and the store held up, so the bound is reached for certain.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadContent } from '../../../src/content/load.ts';
import { t } from '../../../src/content/i18n.ts';
import { blockActions, payloadForm, sendSlack } from '../../fixtures/slack/requests.ts';
import { SIGNING_SECRET, startSlackBot, type SlackBot } from '../../fixtures/slack/slack-bot.ts';
import { holdAnswerWrites } from '../../helpers/hold-writes.ts';

const BOUND = 3;
const busyText = t(loadContent(), 'nl', 'app.error.busy');
let bot: SlackBot;

beforeEach(async () => {
  bot = await startSlackBot({ env: { ANSWERS_IN_FLIGHT: String(BOUND) } });
});
afterEach(async () => {
  await bot.close();
});

/** Holds every answer write until released: a store far slower than the clicks. */
const holdWrites = () => holdAnswerWrites(bot.server.deps.linkage);

it('answers the clicks past the bound at once with "busy", records none of them, and records the others', async () => {
  const { buttons, roundId } = await bot.setUpAndOpen('Druk');
  const store = holdWrites();
  const users = Array.from({ length: 10 }, (_, i) => `UQ${i}`);
  const click = (user: string) =>
    sendSlack(bot.server.url, SIGNING_SECRET, payloadForm(blockActions({ user, actionId: buttons[1]!.action_id, value: buttons[1]!.value, responseUrl: bot.api.responseUrl(user) })));
  const started = Date.now();
  const pending = users.map(async (user) => ({ user, status: (await click(user)).status, ms: Date.now() - started }));
  const replyTo = (user: string) => bot.api.responses.filter((r) => r.id === user).map((r) => String(r.body.text));

  // While the admitted ones wait for the store, the rest are told at once.
  await bot.until(() => users.filter((u) => replyTo(u).length > 0).length === users.length - BOUND, 'the busy replies');
  expect(store.held()).toBe(BOUND);
  const busy = users.filter((u) => replyTo(u).length > 0);
  for (const user of busy) expect(replyTo(user)).toEqual([busyText]);
  expect(await bot.server.deps.linkage.count(roundId)).toBe(0);

  store.release();
  const results = await Promise.all(pending);
  expect(results.map((r) => r.status)).toEqual(users.map(() => 200));
  // The refused clicks were acknowledged without waiting for the store.
  const admitted = users.filter((u) => !busy.includes(u));
  const slowestBusy = Math.max(...results.filter((r) => busy.includes(r.user)).map((r) => r.ms));
  expect(slowestBusy).toBeLessThan(Math.min(...results.filter((r) => admitted.includes(r.user)).map((r) => r.ms)));
  expect(await bot.server.deps.linkage.count(roundId)).toBe(BOUND);
  await bot.until(() => admitted.every((u) => replyTo(u).length === 1), 'the confirmations');
  for (const user of admitted) expect(replyTo(user)[0]).not.toBe(busyText);

  // Once it is quiet, each refused person answers for the first time: the count grows by them all.
  for (const user of busy) expect((await click(user)).status).toBe(200);
  await bot.until(async () => (await bot.server.deps.linkage.count(roundId)) === users.length, 'every answer once the load is gone');
  await bot.until(() => busy.every((u) => replyTo(u).length === 2), 'their confirmations');
  for (const user of busy) expect(replyTo(user)[1]).not.toBe(busyText);
}, 20_000);

it('answers "busy" to a click that waited past ANSWER_MAX_WAIT_MS before its answer could start, and records it once it is quick again', async () => {
  await bot.close();
  bot = await startSlackBot({ env: { ANSWER_MAX_WAIT_MS: '100' } });
  const { buttons, roundId } = await bot.setUpAndOpen('Traag');
  // The replay check before the answer is held up: the click has waited too long by the time it could be recorded.
  const deliveries = bot.server.deps.store.deliveries;
  const first = deliveries.first.bind(deliveries);
  deliveries.first = async (...args) => {
    await new Promise((r) => setTimeout(r, 300));
    return first(...args);
  };
  const click = (user: string) =>
    sendSlack(bot.server.url, SIGNING_SECRET, payloadForm(blockActions({ user, actionId: buttons[0]!.action_id, value: buttons[0]!.value, responseUrl: bot.api.responseUrl(user) })));
  expect((await click('UW1')).status).toBe(200);
  await bot.until(() => bot.api.responses.some((r) => r.id === 'UW1'), 'the busy reply');
  expect(bot.api.responses.filter((r) => r.id === 'UW1').map((r) => r.body.text)).toEqual([busyText]);
  expect(await bot.server.deps.linkage.count(roundId)).toBe(0);

  deliveries.first = first;
  expect((await click('UW1')).status).toBe(200);
  await bot.until(() => bot.api.responses.filter((r) => r.id === 'UW1').length === 2, 'the confirmation');
  expect(bot.api.responses.filter((r) => r.id === 'UW1')[1]!.body.text).not.toBe(busyText);
  expect(await bot.server.deps.linkage.count(roundId)).toBe(1);
}, 20_000);
