/**
 * Typed text stays inert in everything the bot sends to Slack, end to end: a network
 * name and comments full of mentions, channel pings, links, addresses, formatting and
 * invisible characters go in through signed requests to /slack/events, and every payload
 * the fake Web API records (posts, updates, private replies, modals) has none of them
 * live. Also: the bot asks to be invited before it starts a round it could not post.
 */
import { participationToken } from '../../../src/app/tokens.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../fixtures/slack/fake-slack-api.ts';
import { startSlackBot, type SlackBot } from '../../fixtures/slack/slack-bot.ts';

const COORD = 'U0COORD';
const NAME = '<!channel> <https://evil.example|Klik> <@U0X> [x](https://e.vil) *Oost*';
const COMMENTS = [
  'Kijk <!here> en <@U0X123> op <https://boos.example|Klik hier> of [dit](https://boos.example)',
  'Mail jan.devries@gemeente.nl of kijk op boos.example, (@jan) zegt het ook',
  'Omgekeerd \u202Ekeer\u202C en on\u200Bzicht\u2060baar, maar verder *prima* _overleg_',
];
const DATE_LITERAL = /<!date\^00000000\^\{_\}\|[*_~`]+>/g;

let bot: SlackBot;
beforeEach(async () => {
  bot = await startSlackBot();
});
afterEach(async () => {
  await bot.close();
});

interface TextObject {
  type: string;
  text: string;
  verbatim?: boolean;
}

/** Every text object and fallback text in a payload, with the kind Slack reads it as. */
function texts(payload: unknown): TextObject[] {
  const found: TextObject[] = [];
  const walk = (value: unknown, key: string): void => {
    if (Array.isArray(value)) return value.forEach((v) => walk(v, key));
    if (typeof value !== 'object' || value === null) {
      if (key === 'text' && typeof value === 'string') found.push({ type: 'mrkdwn', text: value });
      return;
    }
    const o = value as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') {
      found.push({ type: o.type, text: o.text, ...(o.verbatim === true ? { verbatim: true } : {}) });
      return;
    }
    for (const [k, v] of Object.entries(o)) walk(v, k);
  };
  walk(payload, '');
  return found;
}

/** What Slack would turn live in a text object: control sequences, links, pings. */
function live(text: TextObject): string[] {
  if (text.type === 'plain_text') return [];
  const out: string[] = [];
  for (const m of text.text.replace(DATE_LITERAL, '').matchAll(/<[^>]*>/g)) {
    // The bot's own: a mention of the coordinator, or a link it wrote itself.
    if (m[0] === `<@${COORD}>` || /^<https:\/\/(?!e\.?vil)[^|>]+(\|[^>]*)?>$/.test(m[0])) continue;
    out.push(m[0]);
  }
  return out;
}

const payloads = (): { where: string; payload: unknown }[] => [
  ...bot.api.calls.map((c: RecordedCall) => ({ where: c.method, payload: c.args })),
  ...bot.api.responses.map((r) => ({ where: `respond ${r.id}`, payload: r.body })),
];

describe('typed text in Slack', () => {
  it('never pings, mentions, links or formats from a network name or a comment', async () => {
    await bot.command(COORD, 'setup');
    await bot.until(() => bot.api.called('views.open').length === 1, 'the setup modal');
    await bot.submitModal(COORD, { name: NAME, k: 3 });
    await bot.until(() => bot.api.called('chat.postEphemeral').length + bot.api.responses.length >= 1, 'the setup confirmation');
    await bot.command(COORD, 'now');
    await bot.until(() => bot.api.called('chat.postMessage').length === 1, 'the round');
    const levels = bot.buttonsOf(bot.lastPost());
    const more = levels.find((b) => b.action_id.startsWith('more_questions'))!;
    for (const [i, comment] of COMMENTS.entries()) {
      const user = `U${i + 1}`;
      await bot.click(user, levels[1]!);
      const modals = bot.api.called('views.open').length;
      await bot.click(user, more);
      await bot.until(() => bot.api.called('views.open').length === modals + 1, 'the answer form');
      expect((await bot.submitModal(user, { comment })).status).toBe(200);
    }
    // Two more answers without a comment: five is k + 2, so the round may close early.
    for (const user of ['U8', 'U9']) await bot.click(user, levels[0]!);
    await bot.until(async () => (await bot.server.deps.linkage.count(roundIdOf(bot))) === 5, 'five answers');
    // Stored already without pointers: the database never holds them.
    const secret = (await bot.server.deps.linkage.secret(roundIdOf(bot)))!;
    for (const [i] of COMMENTS.entries()) {
      const stored = await bot.server.deps.linkage.get(roundIdOf(bot), participationToken(secret, { platform: 'slack', workspace: 'T0FAKE', user: `U${i + 1}` }));
      expect(stored?.comment ?? '').not.toMatch(/boos|gemeente\.nl|@jan|<|\u202E|\u200B/);
    }
    await bot.command(COORD, 'close');
    await bot.until(() => bot.api.called('chat.postMessage').length === 2, 'the results');
    const results = JSON.stringify(bot.lastPost().args);
    expect(results).toContain('prima');

    const all = payloads();
    expect(all.length).toBeGreaterThan(5);
    for (const { where, payload } of all) {
      for (const text of texts(payload)) {
        expect(live(text), `${where}: ${text.text.slice(0, 120)}`).toEqual([]);
      }
      const raw = JSON.stringify(payload);
      // Comments lose every pointer and invisible character on the way.
      expect(raw, where).not.toMatch(/boos\.example|jan\.devries|gemeente\.nl|@jan|\u202E|\u200B|\\u202e|\\u200b/i);
    }
    // The name is shown, as typed, in the channel's round and results.
    const shown = bot.api.called('chat.postMessage').map((c) => texts(c.args));
    for (const post of shown) expect(post.some((t) => t.type === 'plain_text' && t.text.includes(NAME))).toBe(true);
  });

  it('asks to be invited before it opens a round in a channel it is not in', async () => {
    await bot.setUpAndOpen();
    await bot.command(COORD, 'close');
    await bot.until(() => bot.api.called('chat.postMessage').length === 2, 'the results');
    bot.api.failNext('conversations.info', { error: 'channel_not_found' });
    const before = bot.api.called('chat.postMessage').length;
    await bot.command(COORD, 'now', 'C0NETWORK');
    await bot.until(() => bot.api.responses.some((r) => JSON.stringify(r.body).includes('/invite @Thermometer')), 'the invite hint');
    expect(bot.api.called('chat.postMessage')).toHaveLength(before);
    expect(await bot.server.deps.store.rounds.openFor((await bot.server.useCases.networkFor({ platform: 'slack', workspace: 'T0FAKE', channel: 'C0NETWORK' }))!.id)).toBeUndefined();

    // Setup still opens its form (the trigger expires fast), then says the same.
    bot.api.failNext('conversations.info', { error: 'channel_not_found' });
    const modals = bot.api.called('views.open').length;
    const hints = bot.api.responses.filter((r) => JSON.stringify(r.body).includes('/invite @Thermometer')).length;
    await bot.command(COORD, 'setup', 'C0NETWORK');
    await bot.until(() => bot.api.responses.filter((r) => JSON.stringify(r.body).includes('/invite @Thermometer')).length === hints + 1, 'the second hint');
    expect(bot.api.called('views.open')).toHaveLength(modals + 1);
  });
});

function roundIdOf(b: SlackBot): string {
  const first = b.buttonsOf(b.api.called('chat.postMessage')[0]!)[0];
  return first?.value.split(':')[0] ?? '';
}
