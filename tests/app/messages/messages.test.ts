/** The message builders on their own: what they show, in which language and time zone, and what they never show. */
import { describe, expect, it } from 'vitest';
import { enrichReasonParams, resultsMessage, roundMessage } from '../../../src/app/messages/index.ts';
import { sanitizeComment, formatDateTime, keyPart } from '../../../src/app/messages/format.ts';
import { BLOCK_TEXT_MAX } from '../../../src/app/messages/results-message.ts';
import type { ShownResult, Trend } from '../../../src/core/result.ts';
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
      expect(textOf(message)).toContain(lang === 'nl' ? '3 reacties' : '3 answers');
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
  it('shows bars, counts and shares per level', () => {
    const result = shown();
    const text = textOf(resultsMessage(ctx(), { networkName: 'Oost', roundId: 'r1', openedAt: null, closedAt: new Date('2026-03-10T08:00:00Z'), result, trend: noTrend(result), suggestions: [], prompt: undefined }));
    const emoji = testContent().levels[2].emoji;
    expect(text).toContain(`${emoji.repeat(4)}${'▫️'.repeat(6)} 3 (38%)`);
    expect(text).toContain('8 reacties');
  });

  it('warns for a wide spread only when the answers are far apart', () => {
    const wide = shown();
    const narrow = shown({ counts: { 1: 4, 2: 4, 3: 0, 4: 0 }, shares: { 1: 0.5, 2: 0.5, 3: 0, 4: 0 }, spread: { stdDev: 0.5, min: 1, max: 2, wide: false } });
    const build = (r: ShownResult) => textOf(resultsMessage(ctx(), { networkName: 'Oost', roundId: 'r1', openedAt: null, closedAt: new Date(), result: r, trend: noTrend(r), suggestions: [], prompt: undefined }));
    expect(build(wide)).toContain('schijn');
    expect(build(narrow)).not.toContain('⚠️');
  });

  it('shows comments without mentions or links, split over blocks a platform accepts', () => {
    const comments = ['Vraag het <@U0ABC> maar', 'Zie https://example.org/x?u=jan', 'Met @piet besproken', ...Array.from({ length: 8 }, (_, i) => `${i}${'x'.repeat(999)}`)];
    const result = shown({ comments });
    const message = resultsMessage(ctx(), { networkName: 'Oost', roundId: 'r1', openedAt: null, closedAt: new Date(), result, trend: noTrend(result), suggestions: [], prompt: undefined });
    const text = textOf(message);
    expect(text).not.toContain('U0ABC');
    expect(text).not.toContain('example.org');
    expect(text).not.toContain('piet');
    for (const block of message.blocks) if (block.kind === 'paragraph') expect(block.text.length).toBeLessThanOrEqual(BLOCK_TEXT_MAX);
    expect(text.match(/x{999}/g)).toHaveLength(8);
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
