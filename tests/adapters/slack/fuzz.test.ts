/**
 * Fuzzed bodies to /slack/events, correctly signed so they get past the signature:
 * random form fields, random `payload=` JSON with wrong types, huge strings and unknown
 * action ids. Never a 5xx, the server keeps answering, and no answer is recorded.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { blockActions, payloadForm, sendSlack } from '../../fixtures/slack/requests.ts';
import { SIGNING_SECRET, startSlackBot, type SlackBot } from '../../fixtures/slack/slack-bot.ts';

let bot: SlackBot;
let roundId: string;
beforeAll(async () => {
  bot = await startSlackBot();
  ({ roundId } = await bot.setUpAndOpen());
});
afterAll(async () => {
  await bot.close();
});

const junk = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.string({ minLength: 5000, maxLength: 6000 }));

it('never answers 5xx to signed random form bodies', async () => {
  await fc.assert(
    fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 60 }), { maxKeys: 6 }), async (fields) => {
      const res = await sendSlack(bot.server.url, SIGNING_SECRET, new URLSearchParams(fields).toString());
      await res.arrayBuffer();
      expect(res.status).toBeLessThan(500);
    }),
    // Bodies Bolt cannot route wait for its 3 s unhandled-request timeout, so few runs.
    { numRuns: 5 },
  );
}, 60_000);

it('never answers 5xx to signed interaction payloads with fields replaced at random', async () => {
  const base = blockActions({ user: 'UFUZZ', actionId: 'answer#2', value: `${roundId}:3`, responseUrl: bot.api.responseUrl('fuzz') });
  const keys = ['type', 'user', 'team', 'channel', 'container', 'actions', 'trigger_id', 'response_url'];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...keys), junk, fc.constantFrom('answer#0', 'nope#1', 'withdraw#0', 'erase_confirm#0', 'x'.repeat(300)), async (key, value, actionId) => {
      const payload: Record<string, unknown> = { ...base, [key]: value };
      if (key !== 'actions') payload.actions = [{ ...(base.actions as Record<string, unknown>[])[0], action_id: actionId, value: typeof value === 'string' ? value : `${roundId}:9` }];
      const res = await sendSlack(bot.server.url, SIGNING_SECRET, payloadForm(payload));
      await res.arrayBuffer();
      expect(res.status).toBeLessThan(500);
    }),
    { numRuns: 40 },
  );
  expect((await fetch(`${bot.server.url}/healthz`)).status).toBe(200);
  // Nothing valid was ever sent, so nothing was recorded.
  expect(await bot.server.deps.linkage.count(roundId)).toBe(0);
}, 60_000);
