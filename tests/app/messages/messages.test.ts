/** The message builders on their own: what they show, in which language and time zone, and what they never show. */
import { describe, expect, it } from 'vitest';
import { enrichReasonParams, resultsMessage, roundMessage } from '../../../src/app/messages/index.ts';
import { sanitizeComment, formatDateTime, keyPart } from '../../../src/app/messages/format.ts';
import { COMMENTS_IN_POST, COMMENTS_UNFOLDED } from '../../../src/app/messages/results-message.ts';
import { LIST_BLOCK_MAX, splitToFit } from '../../../src/core/message-split.ts';
import type { Prompt } from '../../../src/content/schema.ts';
import type { HiddenResult, ShownResult, Suggestion, Trend } from '../../../src/core/result.ts';
import { LEVELS } from '../../../src/core/scale.ts';
import { messageText } from '../../helpers/fake-chat.ts';
import { testContent } from '../../helpers/app.ts';

const ctx = (lang: 'nl' | 'en' = 'nl', timeZone = 'Europe/Amsterdam') => ({ content: testContent(), lang, timeZone });
const textOf = messageText;
/** Level labels read in lower case inside a sentence. */
const inline = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

function shown(overrides: Partial<ShownResult> = {}): ShownResult {
  return {
    shown: true,
    n: 8,
    k: 5,
    counts: { 1: 2, 2: 3, 3: 2, 4: 1 },
    shares: { 1: 0.25, 2: 0.375, 3: 0.25, 4: 0.125 },
    median: 2,
    mean: 2.25,
    spread: { stdDev: 0.97, min: 1, max: 4, wide: true },
    statements: [],
    groups: { domain: { shown: [], hidden: 0 }, orgLevel: { shown: [], hidden: 0 } },
    comments: [],
    ...overrides,
  };
}

const noTrend = (result: ShownResult): Trend => {
  const point = { roundId: 'r1', closedAt: new Date('2026-03-10T08:00:00Z'), result };
  return { points: [point], latest: point, previous: null, medianDelta: null, direction: 'unknown' };
};

describe('the round message', () => {
  it('has the four level buttons first, in order, then more questions; the count and nothing else', () => {
    for (const lang of ['nl', 'en'] as const) {
      const message = roundMessage(ctx(lang), { networkName: 'Oost', round: { id: 'R1', instrument: 'thermometer', closesAt: new Date('2026-03-10T08:00:00Z'), status: 'open' }, count: 3 });
      const actions = message.blocks.filter((b) => b.kind === 'actions');
      expect(actions).toHaveLength(2);
      const [levels, more] = actions.flatMap((b) => (b.kind === 'actions' ? [b] : []));
      expect(levels!.buttons.map((b) => [b.actionId, b.value])).toEqual(LEVELS.map((l) => ['answer', `R1:${l}`]));
      LEVELS.forEach((l, i) => expect(levels!.buttons[i]!.label).toBe(`${testContent().levels[l].emoji} ${testContent().levels[l].text[lang].label}`));
      expect(more!.buttons.map((b) => b.actionId)).toEqual(['more_questions']);
      expect(textOf(message)).toContain(lang === 'nl' ? '3 reacties' : '3 responses');
      expect(textOf(message)).not.toMatch(/%|\(\d+\)/);
    }
  });

  it('shows the closing time in the network’s time zone and language', () => {
    const closesAt = new Date('2026-03-10T08:00:00Z');
    expect(formatDateTime(closesAt, ctx('nl'))).toBe('dinsdag 10 maart om 09:00');
    expect(formatDateTime(closesAt, ctx('en', 'America/New_York'))).toBe('Tuesday 10 March at 04:00');
  });
});

describe('the results message', () => {
  it('shows the distribution once, as a tally of counts and shares per level, with the median and the previous round on one line', () => {
    const result = shown();
    const message = resultsMessage(ctx(), { networkName: 'Oost', roundId: 'r1', openedAt: null, closedAt: new Date('2026-03-10T08:00:00Z'), result, trend: noTrend(result), suggestions: [], prompt: undefined });
    const tallies = message.blocks.filter((b) => b.kind === 'tally');
    expect(tallies).toEqual([{ kind: 'tally', rows: LEVELS.map((l) => ({ label: `${testContent().levels[l].emoji} ${testContent().levels[l].text.nl.label}`, value: ['2 (25%)', '3 (38%)', '2 (25%)', '1 (13%)'][l - 1] })) }]);
    const text = textOf(message);
    // Not in the headline nor as bars again: the figures appear once.
    expect(text.match(/38%/g)).toHaveLength(1);
    expect(text).not.toContain('▫️');
    expect(text).toContain('*Waakzaam* kreeg de meeste reacties.');
    expect(text).toContain('Middenwaarde: *waakzaam* · Dit is de eerste ronde met uitkomsten');
    expect(text).toContain('8 reacties');
    expect(message.blocks[0]).toEqual({ kind: 'heading', text: 'Uitkomst reflectiemoment \uE000Oost\uE001' });
  });

  it('gives at most three suggestions, each one entry with what to do, why, and its source', () => {
    const result = shown();
    const suggestion = (ruleId: string, items: string[]): Suggestion => ({ ruleId, priority: 50, tone: 'neutral', reason: { key: 'reason.prevailing-level', params: { level: 2 } }, items, source: `Bron ${ruleId}` });
    const all = [suggestion('a', ['t1-keep-it', 't1-voice-interests']), suggestion('b', ['t1-keep-reflecting']), suggestion('c', ['t1-keep-it']), suggestion('d', ['t1-keep-it'])];
    const message = resultsMessage(ctx(), { networkName: 'Oost', roundId: 'r1', openedAt: null, closedAt: new Date(), result, trend: noTrend(result), suggestions: all, prompt: undefined });
    const entries = message.blocks.filter((b) => b.kind === 'entry');
    expect(entries.map((e) => e.kind === 'entry' && e.marker)).toEqual(['1.', '2.', '3.']);
    const first = entries[0]!;
    if (first.kind !== 'entry') return;
    const items = testContent().items;
    expect(first.title).toBe(items.get('t1-keep-it')!.text.nl.title);
    expect(first.body).toBe(`Omdat *waakzaam* het meest gekozen is. Ook: ${items.get('t1-voice-interests')!.text.nl.title}${/[.?!]$/.test(items.get('t1-voice-interests')!.text.nl.title) ? '' : '.'}`);
    expect(first.note).toBe('Bron: Bron a');
    // Titles are not strung together like tags ("Neem even afstand · Vertaal …").
    for (const e of entries) if (e.kind === 'entry') expect(`${e.title} ${e.body ?? ''}`).not.toContain(' · ');
  });

  it('warns for a wide spread exactly when the spread rule fired, about a median, with a sign only as an alarm', () => {
    const result = shown();
    const spread = (tone: Suggestion['tone']): Suggestion => ({ ruleId: 'wide-spread', priority: 80, tone, reason: { key: 'reason.wide-spread', params: { minLevel: 1, maxLevel: 4, n: 8 } }, items: [], source: 's' });
    const build = (suggestions: Suggestion[]) => textOf(resultsMessage(ctx(), { networkName: 'Oost', roundId: 'r1', openedAt: null, closedAt: new Date(), result, trend: noTrend(result), suggestions, prompt: undefined }));
    expect(build([spread('tension')])).toContain('⚠️ De reacties lopen ver uiteen, van *vriendschappelijk aangenaam* tot *conflict*');
    expect(build([spread('tension')])).toContain('een middenwaarde kan eensgezindheid suggereren');
    expect(build([spread('neutral')])).not.toContain('⚠️');
    expect(build([spread('neutral')])).toContain('schijnconsensus');
    expect(build([])).not.toContain('schijnconsensus');
  });

  it('says more tension in shares and counts of both rounds, so a smaller round reads right', () => {
    const before: ShownResult = shown({ n: 15, counts: { 1: 8, 2: 4, 3: 3, 4: 0 }, shares: { 1: 8 / 15, 2: 4 / 15, 3: 3 / 15, 4: 0 }, median: 1 });
    const now: ShownResult = shown({ n: 6, counts: { 1: 2, 2: 2, 3: 2, 4: 0 }, shares: { 1: 1 / 3, 2: 1 / 3, 3: 1 / 3, 4: 0 }, median: 2 });
    const rising: Suggestion = { ruleId: 'rising-tension', priority: 85, tone: 'tension', reason: { key: 'reason.rising-tension', params: { rounds: 1, level: 3, baseCount: 3, baseN: 15 } }, items: [], source: 's' };
    const points = [
      { roundId: 'r1', closedAt: new Date('2026-02-10T08:00:00Z'), result: before },
      { roundId: 'r2', closedAt: new Date('2026-03-10T08:00:00Z'), result: now },
    ];
    const trend: Trend = { points, latest: points[1]!, previous: points[0]!, medianDelta: 1, direction: 'rising' };
    const message = resultsMessage(ctx(), { networkName: 'Oost', roundId: 'r2', openedAt: null, closedAt: new Date(), result: now, trend, suggestions: [rising], prompt: undefined });
    const text = textOf(message);
    expect(text).toContain('Meer spanning dan in de rondes ervoor: *onenigheid* 33% (2 van 6), eerder 20% (3 van 15).');
    expect(text).toContain('Vorige ronde: vriendschappelijk aangenaam.');
    expect(text.match(/Meer spanning/g)).toHaveLength(2); // the headline, and the fallback text that repeats it
    const en = textOf(resultsMessage(ctx('en'), { networkName: 'East', roundId: 'r2', openedAt: null, closedAt: new Date(), result: now, trend, suggestions: [rising], prompt: undefined }));
    expect(en).toContain('More tension than in the rounds before: *disagreement* 33% (2 of 6), before 20% (3 of 15).');
    for (const t of [text, en]) expect(t).not.toMatch(/warmer|koeler|cooler|niveau/i);
  });

  it('names group medians in words, never as raw numbers or a "niveau"', () => {
    const result = shown({ groups: { domain: { shown: [], hidden: 0 }, orgLevel: { shown: [{ group: 'board', n: 5, median: 1.5 }, { group: 'execution', n: 6, median: 3 }], hidden: 1 } } });
    const text = textOf(resultsMessage(ctx(), { networkName: 'Oost', roundId: 'r1', openedAt: null, closedAt: new Date(), result, trend: noTrend(result), suggestions: [], prompt: undefined }));
    expect(text).toContain('Per organisatielaag (middenwaarde)');
    expect(text).toContain('• Bestuur: tussen vriendschappelijk aangenaam en waakzaam (5)');
    expect(text).toContain('• Uitvoering: onenigheid (6)');
    expect(text).toContain('1 groep is te klein om apart te tonen.');
    expect(text).not.toMatch(/1,5|niveau/);
  });

  it('below k shows no figure, but the participation advice and the prompt with its dilemma group', () => {
    const result: HiddenResult = { shown: false, n: 3, k: 5 };
    const prompt = testContent().prompts.find((p) => p.kind === 'dilemma') as Prompt;
    const few: Suggestion = { ruleId: 'below-threshold', priority: 30, tone: 'neutral', reason: { key: 'reason.below-threshold', params: { n: 3, k: 5 } }, items: ['participation-ask'], source: 'Bron' };
    const point = { roundId: 'r1', closedAt: new Date(), result };
    const message = resultsMessage(ctx(), { networkName: 'Oost', roundId: 'r1', openedAt: null, closedAt: new Date(), result, trend: { points: [point], latest: point, previous: null, medianDelta: null, direction: 'unknown' }, suggestions: [few], prompt });
    const text = textOf(message);
    expect(text).toContain('Te weinig reacties om uitkomsten te tonen: 3, en er zijn er minstens 5 nodig.');
    expect(text).toContain('1. Vraag waarom minder mensen reageerden');
    expect(text).toContain(`_Dilemma binnen een werkgroep: ${prompt.text.nl.title}_`);
    expect(text).not.toMatch(/%|middenwaarde/i);
    for (const label of Object.values(testContent().levels).map((l) => l.text.nl.label)) expect(text).not.toContain(label);
  });

  it('keeps every comment, sanitised: folded in the post (at most ten) where it can, three where it cannot, the rest in the thread', () => {
    const comments = ['Vraag het <@U0ABC> maar', 'Zie https://example.org/x?u=jan', 'Met @piet besproken', ...Array.from({ length: 18 }, (_, i) => `${i}${'x'.repeat(999)}`)];
    const result = shown({ comments });
    const message = resultsMessage(ctx(), { networkName: 'Oost', roundId: 'r1', openedAt: null, closedAt: new Date(), result, trend: noTrend(result), suggestions: [], prompt: undefined });
    const text = textOf(message);
    expect(text).not.toContain('U0ABC');
    expect(text).not.toContain('example.org');
    expect(text).not.toContain('piet');
    expect(message.list?.items).toHaveLength(21);
    const folded = splitToFit(message, () => true, { canFold: true });
    const all = [folded.post, ...folded.thread];
    for (const m of all) for (const block of m.blocks) if (block.kind === 'list') expect(block.items.join('\n').length).toBeLessThanOrEqual(LIST_BLOCK_MAX);
    expect(textOf(folded.post).match(/“/g)).toHaveLength(COMMENTS_IN_POST);
    expect(folded.post.blocks.find((b) => b.kind === 'list')).toMatchObject({ fold: 'Toon de 10 opmerkingen' });
    expect(textOf(folded.post)).toContain('Nog 11 opmerkingen staan in de draad onder dit bericht.');
    expect(all.map(textOf).join('\n').match(/x{999}/g)).toHaveLength(18);
    expect(folded.thread[0]?.text).toBe('Opmerkingen, vervolg (11–21 van 21)');
    const open = splitToFit(message, () => true);
    expect(textOf(open.post).match(/“/g)).toHaveLength(COMMENTS_UNFOLDED);
    expect(textOf(open.post)).toContain('Nog 18 opmerkingen staan in de draad');
    expect([open.post, ...open.thread].map(textOf).join('\n').match(/x{999}/g)).toHaveLength(18);
  });
});

describe('comments and reasons', () => {
  it('strips mentions, links and markup from comments', () => {
    expect(sanitizeComment('Hoi <@U123|jan> en <https://x.nl|hier>, zie www en https://a.b/c')).toBe('Hoi en , zie www en …');
    expect(sanitizeComment('  @marie   zei   iets  ')).toBe('@… zei iets');
  });

  it('adds readable labels to reason parameters', () => {
    const content = testContent();
    const statement = [...content.instruments.values()].flatMap((i) => i.statements)[0];
    const domain = content.domains[0]!;
    const params = enrichReasonParams(ctx(), { level: 3, minLevel: 1, maxLevel: 4, dimension: 'orgLevel', highGroup: domain.id, lowGroup: 'no-such-group', mean: '2.4', ...(statement ? { statement: statement.id } : {}) });
    expect(params).toMatchObject({
      levelLabel: inline(content.levels[3].text.nl.label),
      minLevelLabel: inline(content.levels[1].text.nl.label),
      maxLevelLabel: inline(content.levels[4].text.nl.label),
      highGroupLabel: domain.text.nl.label,
      lowGroupLabel: 'no-such-group',
      mean: '2,4',
    });
    expect(params.dimensionLabel).not.toContain('app.');
    if (statement) expect(params.statementLabel).toBe(statement.text.nl.label);
    expect(keyPart('orgLevel')).toBe('org_level');
  });
});
