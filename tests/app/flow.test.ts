/**
 * The whole cycle through the use cases with a fake chat gateway: setup, open, six
 * people answer (one changes, one withdraws), close, results. And the round that stays
 * below k shows nothing but its count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Block, ChatMessage } from '../../src/core/message.ts';
import { LEVELS, type Level } from '../../src/core/scale.ts';
import { createTestApp, testContent, type TestApp } from '../helpers/app.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const label = (level: Level, lang: 'nl' | 'en' = 'nl'): string => testContent().levels[level].text[lang].label;
/** A level's label as it reads inside a sentence. */
const inline = (level: Level, lang: 'nl' | 'en' = 'nl'): string => label(level, lang).charAt(0).toLowerCase() + label(level, lang).slice(1);
const actions = (m: ChatMessage) => m.blocks.filter((b): b is Extract<Block, { kind: 'actions' }> => b.kind === 'actions');

describe('a round from setup to results', () => {
  it('posts the round with the four level buttons first, counts live and posts the right distribution', async () => {
    app = createTestApp();
    await app.setup({ k: 3 }); // five answers: k + 2, so the coordinator may close early
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);

    expect(app.slack.posts).toHaveLength(1);
    const post = app.slack.posts[0]!;
    const [first, second] = actions(post.message);
    expect(first!.buttons.map((b) => b.actionId)).toEqual(['answer', 'answer', 'answer', 'answer']);
    expect(first!.buttons.map((b) => b.value)).toEqual(LEVELS.map((l) => `${round.id}:${l}`));
    LEVELS.forEach((l, i) => expect(first!.buttons[i]!.label).toContain(label(l)));
    expect(second!.buttons.map((b) => b.actionId)).toEqual(['more_questions']);
    expect(app.slack.allText(post.message)).toContain('/thermometer privacy');

    const [a, b, c, d, e, f] = app.voters(6);
    await app.useCases.answerLevel(round.id, a!, 1);
    await app.useCases.answerLevel(round.id, b!, 2);
    await app.useCases.answerLevel(round.id, c!, 2);
    await app.useCases.answerLevel(round.id, d!, 3);
    await app.useCases.answerLevel(round.id, e!, 4);
    await app.useCases.answerLevel(round.id, f!, 1);
    // e changes their mind, f withdraws.
    const changed = await app.useCases.answerLevel(round.id, e!, 3);
    expect(changed.created).toBe(false);
    expect(changed.count).toBe(6);
    const withdrawn = await app.useCases.withdraw(round.id, f!);
    expect(withdrawn.count).toBe(5);

    // The live count is the only thing that changed on the round message.
    const last = post.current;
    expect(app.slack.allText(last)).toContain('5 reacties');
    const strip = (m: ChatMessage) => app.slack.allText(m).replace(/\*(?:\d+ reacties?|Nog geen reacties)\*(?: tot nu toe)?|\d+ reacties|Nog geen reacties|1 reactie/g, '#');
    for (const update of post.updates) expect(strip(update)).toBe(strip(post.message));

    const { result } = await app.useCases.closeRoundNow(app.channel, app.coordinator);
    expect(result.shown).toBe(true);
    if (!result.shown) return;
    expect(result.n).toBe(5);
    expect(result.counts).toEqual({ 1: 1, 2: 2, 3: 2, 4: 0 });

    const results = app.slack.posts[1]!.message;
    const text = app.slack.allText(results);
    // The distribution once, as a tally: each level with its count and share.
    const tally = results.blocks.filter((b) => b.kind === 'tally');
    expect(tally).toHaveLength(1);
    expect(tally[0]!.kind === 'tally' && tally[0]!.rows.map((r) => r.value)).toEqual(['1 (20%)', '2 (40%)', '2 (40%)', '0 (0%)']);
    LEVELS.forEach((l, i) => expect(tally[0]!.kind === 'tally' && tally[0]!.rows[i]!.label).toContain(label(l)));
    expect(text.match(/40%/g)).toHaveLength(2);
    expect(actions(results).flatMap((x) => x.buttons.map((b) => b.actionId))).toContain('more_interventions');
    // The round message no longer invites answers.
    expect(actions(post.current)).toEqual([]);
  });

  it('below k shows "too few responses (n of k)" and no level, share or comment — only what helps next time', async () => {
    app = createTestApp();
    await app.setup({ k: 5 });
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    const [a, b] = app.voters(2);
    await app.useCases.answerLevel(round.id, a!, 4);
    await app.useCases.submitAnswerForm(round.id, b!, { level: '1', comment: 'Ik voel me niet gehoord door de gemeente.' });
    const { result } = await app.useCases.closeRoundNow(app.channel, app.coordinator);
    expect(result).toEqual({ shown: false, n: 2, k: 5 });

    const message = app.slack.posts[1]!.message;
    const text = app.slack.allText(message);
    expect(text).toContain('Te weinig reacties om uitkomsten te tonen: 2, en er zijn er minstens 5 nodig.');
    for (const level of LEVELS) expect(text).not.toContain(label(level));
    expect(text).not.toMatch(/%/);
    expect(text).not.toContain('gehoord');
    // Still useful: what helps people take part, and a question for the next meeting.
    expect(text).toContain('Deze ronde had te weinig reacties om uitkomsten te tonen.');
    expect(text).toContain('Voor jullie volgende overleg');
    expect(actions(message).flatMap((b) => b.buttons.map((x) => x.actionId))).toEqual(['more_interventions']);
    expect(message.attachments ?? []).toEqual([]);
  });

  it('posts to every channel of a network and updates the count in each', async () => {
    app = createTestApp();
    await app.setup();
    // The same network also lives in a second Slack channel.
    const network = (await app.useCases.networkFor(app.channel))!;
    await app.store.bindings.upsert({ platform: 'slack', workspace: app.channel.workspace, channel: 'C0SECOND', serviceUrl: '', networkId: network.id });
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    expect(app.slack.posts.map((p) => p.ref.channel).sort()).toEqual(['C0NETWORK', 'C0SECOND']);
    await app.useCases.answerLevel(round.id, app.voters(1)[0]!, 2);
    await app.settle();
    for (const post of app.slack.posts) expect(app.slack.allText(post.current)).toContain('1 reactie');
  });

  it('speaks English when the network does', async () => {
    app = createTestApp();
    await app.setup({ language: 'en' });
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    const receipt = await app.useCases.answerLevel(round.id, app.voters(1)[0]!, 2);
    expect(receipt.confirmation.text).toContain(`Recorded anonymously: *${inline(2, 'en')}*`);
    expect(receipt.confirmation.text).toMatch(/until Tuesday 10 March/);
    // The level buttons again, the chosen one marked, then the form and withdrawing.
    const [levels, more] = actions(receipt.confirmation);
    expect(levels!.buttons.map((b) => b.value)).toEqual(LEVELS.map((l) => `${round.id}:${l}`));
    expect(levels!.buttons.map((b) => b.style ?? '')).toEqual(['', 'primary', '', '']);
    expect(levels!.buttons[1]!.label).toBe(`✓ ${label(2, 'en')}`);
    expect(more!.buttons.map((b) => b.actionId)).toEqual(['more_questions', 'withdraw']);
    expect(more!.buttons[1]).toMatchObject({ actionId: 'withdraw', value: round.id, style: 'danger' });
    const withdrawn = await app.useCases.withdraw(round.id, app.voters(1)[0]!);
    expect(actions(withdrawn.confirmation)[0]!.buttons.map((b) => [b.actionId, b.style])).toEqual(LEVELS.map(() => ['answer', undefined]));
  });
});
