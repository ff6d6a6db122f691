/**
 * Results always arrive in Teams, end to end through POST /api/messages and the fake Bot
 * Connector (which refuses messages over Teams' size limit with 413 MessageSizeTooBig,
 * and parses every card with Microsoft's Adaptive Cards library): sixty people each
 * leave a comment of 1,000 characters; the results card stays within the safe card size
 * with at most ten comments and a line saying the rest is in the thread, where every
 * other comment follows once. A card Teams refuses anyway is sent in its reduced form.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cardBytes, CARD_BUDGET_BYTES } from '../../../src/adapters/teams/card-size.ts';
import type { TeamsAdapter } from '../../../src/adapters/teams/index.ts';
import { parseConfig } from '../../../src/config.ts';
import type { Logger } from '../../../src/core/ports.ts';
import { startServer, type ServerHandle } from '../../../src/server.ts';
import { botAddedToTeam, cardAction, mentionMessage, person, postActivity, scene, type Activity, type TeamsPerson, type TeamsScene } from '../../fixtures/teams/activities.ts';
import { startFakeConnector, type CardJson, type FakeConnector, type RecordedActivity } from '../../fixtures/teams/fake-connector.ts';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const comment = (i: number, length = 1000): string => `#${i}# ${'Het overleg loopt stroef en we zeggen niet wat we denken. '.repeat(20)}`.slice(0, length);

interface Bot {
  connector: FakeConnector;
  handle: ServerHandle;
  s: TeamsScene;
  dir: string;
}
let bot: Bot | undefined;
afterEach(async () => {
  await bot?.handle.close();
  await bot?.connector.close();
  if (bot) rmSync(bot.dir, { recursive: true, force: true });
  bot = undefined;
});

async function start(): Promise<Bot> {
  const connector = await startFakeConnector();
  const dir = mkdtempSync(join(tmpdir(), 'teams-size-'));
  const handle = await startServer(parseConfig({ DATABASE_PATH: join(dir, 'thermometer.db'), PORT: '0', LOG_LEVEL: 'error' }), { log: quiet, scheduler: false });
  return { connector, handle, dir, s: scene({ serviceUrl: connector.serviceUrl }) };
}

async function send(b: Bot, activity: Activity): Promise<{ status: number; body: unknown }> {
  const result = await postActivity(b.handle.url, activity);
  await (b.handle.deps.chat.get('teams') as TeamsAdapter).idle();
  return result;
}

async function click(b: Bot, who: TeamsPerson, verb: string, data: Record<string, unknown>): Promise<CardJson> {
  const result = await send(b, cardAction(b.s, who, verb, data));
  return (result.body as { value: CardJson }).value;
}

/** Sets up, opens a round, and lets `count` people answer with a comment through the form card. */
async function roundWithComments(b: Bot, count: number, length?: number): Promise<void> {
  const coordinator = person(100, 'Fatima Yilmaz');
  await send(b, botAddedToTeam(b.s, coordinator));
  await send(b, mentionMessage(b.s, coordinator, 'setup'));
  // The setup form comes privately, in answer to the offer's button.
  const offer = b.connector.cards(b.s.channelId).at(-1)!;
  const ask = (offer.body.find((e) => e.type === 'ActionSet') as { actions: { verb: string; data: Record<string, unknown> }[] }).actions[0]!;
  const form = await click(b, coordinator, ask.verb, ask.data);
  const submit = (form.body.filter((e) => e.type === 'ActionSet').at(-1) as { actions: { verb: string; data: Record<string, unknown> }[] }).actions[0]!;
  const inputs = Object.fromEntries(form.body.filter((e) => String(e.type).startsWith('Input.')).map((e) => [String(e.id), typeof e.value === 'string' ? e.value : JSON.stringify(e.value ?? '')]));
  await click(b, coordinator, submit.verb, { ...submit.data, ...inputs, name: 'Kansrijk Opgroeien' });
  await send(b, mentionMessage(b.s, coordinator, 'now'));
  const round = b.connector.cards(b.s.channelId).find((c) => JSON.stringify(c).includes('"verb":"answer"'))!;
  const roundId = String(JSON.stringify(round).match(/"value":"([^":]+):1"/)?.[1]);
  for (let i = 0; i < count; i++) {
    const member = person(i + 1);
    const answerForm = await click(b, member, 'more_questions', { value: roundId });
    const formSubmit = (answerForm.body.filter((e) => e.type === 'ActionSet').at(-1) as { actions: { verb: string; data: Record<string, unknown> }[] }).actions[0]!;
    await click(b, member, formSubmit.verb, { ...formSubmit.data, level: String(1 + (i % 4)), comment: comment(i, length) });
  }
  await send(b, mentionMessage(b.s, coordinator, 'close'));
}

const resultsPosts = (b: Bot): RecordedActivity[] => b.connector.posts.filter((p) => JSON.stringify(p.activity).includes('Uitkomst reflectiemoment') || JSON.stringify(p.activity).includes('Opmerkingen, vervolg'));
const commentsIn = (posts: RecordedActivity[]): number[] => posts.flatMap((p) => [...JSON.stringify(p.activity).matchAll(/#(\d+)#/g)].map((m) => Number(m[1])));
const cardOf = (p: RecordedActivity) => (p.activity.attachments as { content: CardJson }[])[0]!.content;

describe('results that always arrive in Teams', () => {
  it('60 comments of 1,000 characters: a results card within the safe size, the rest of the comments in its thread', async () => {
    bot = await start();
    await roundWithComments(bot, 60);
    const [results, ...thread] = resultsPosts(bot);
    expect(results?.conversationId).toBe(bot.s.channelId);
    expect(JSON.stringify(results!.activity)).toContain('60 reacties');
    const shown = commentsIn([results!]).length;
    expect(shown).toBeGreaterThanOrEqual(3);
    expect(shown).toBeLessThanOrEqual(10);
    expect(JSON.stringify(results!.activity)).toContain(`Nog ${60 - shown} opmerkingen staan in de draad onder dit bericht.`);
    // In the post the comments are folded away behind a button that says how many.
    const body = JSON.stringify(cardOf(results!));
    expect(body).toContain(`"type":"Action.ToggleVisibility","title":"Toon de ${shown} opmerkingen"`);
    expect(body).toMatch(/"type":"Container","id":"fold-1","isVisible":false/);
    // Replies in the post's thread, every comment exactly once, every card within the safe size.
    expect(thread.length).toBeGreaterThan(1);
    for (const reply of thread) expect(reply.conversationId).toBe(`${bot.s.channelId};messageid=${results!.activityId}`);
    expect([...commentsIn([results!]), ...commentsIn(thread)].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    for (const p of [results!, ...thread]) expect(cardBytes(cardOf(p) as never)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(bot.connector.requests.filter((r) => r.status === 413)).toEqual([]);
    expect(bot.connector.problems).toEqual([]);
  });

  it('sends a card Teams refuses for its size (413) once more in its reduced form, never dropping it', async () => {
    bot = await start();
    bot.connector.refuseOver(12 * 1024);
    await roundWithComments(bot, 8, 400);
    expect(bot.connector.requests.filter((r) => r.status === 413).length).toBeGreaterThanOrEqual(1);
    const [reduced, ...thread] = resultsPosts(bot);
    expect(JSON.stringify(reduced!.activity)).toContain('Deze uitkomst was te lang voor één bericht.');
    expect(JSON.stringify(reduced!.activity)).toContain('8 reacties');
    expect(commentsIn([reduced!])).toEqual([]);
    expect(commentsIn(thread).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
