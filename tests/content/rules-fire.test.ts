/**
 * Every real rule from content, through the core engine, for synthetic histories: each
 * fires exactly when its condition holds, and its reason renders in both languages
 * with every placeholder filled.
 */
import { describe, expect, it } from 'vitest';
import { reasonText } from '../../src/app/messages/reason.ts';
import { inert } from '../../src/core/inert-text.ts';
import { loadContent } from '../../src/content/load.ts';
import { aggregate } from '../../src/core/aggregate.ts';
import type { AgreementRating } from '../../src/core/agreement-ratings.ts';
import type { Answer } from '../../src/core/answer.ts';
import { evaluateRules } from '../../src/core/interventions.ts';
import type { RoundResult, Suggestion, TrendPoint } from '../../src/core/result.ts';
import type { Level } from '../../src/core/scale.ts';

const content = loadContent();
const statementIds = [...content.instruments.values()].flatMap((i) => i.statements.map((s) => s.id));
const statementTips = Object.fromEntries([...content.instruments.values()].flatMap((i) => i.statements.map((s) => [s.id, s.tips])));

function round(levels: Level[], extra: Partial<Answer>[] = []): RoundResult {
  return aggregate(levels.map((level, i) => ({ level, ratings: {}, ...extra[i] })), { k: 5, statementIds, commentsEnabled: false, shuffle: (x) => [...x] });
}
const fired = (...results: RoundResult[]): Suggestion[] =>
  evaluateRules(content.rules, { history: results.map((result, i): TrendPoint => ({ roundId: `r${i}`, closedAt: new Date(Date.UTC(2026, i, 1)), result })), statementTips });
const ids = (s: Suggestion[]) => s.map((x) => x.ruleId);
// Built when called, inside a test: mutation testing then knows which test covers what.
const calm = () => round([1, 1, 1, 1, 2]);
const n = (count: number, level: Level = 2) => round(Array.from({ length: count }, () => level));
const hidden = (count: number): RoundResult => ({ shown: false, n: count, k: 5 });
/** A calm round that asked about one agreement, rated as given (one rating per person). */
const AGREEMENT = { id: 'ag-1', text: 'Elke maand een casus *samen* bespreken' };
const rated = (ratings: AgreementRating[]): RoundResult =>
  aggregate(
    ratings.map((r, i) => ({ level: i % 3 === 0 ? 2 : 1, ratings: {}, agreementRatings: { [AGREEMENT.id]: r } })),
    { k: 5, statementIds, commentsEnabled: false, shuffle: (x) => [...x], agreements: [AGREEMENT] },
  );
const times = (n: number, r: AgreementRating): AgreementRating[] => Array.from({ length: n }, () => r);

describe('real rules', () => {
  it('fire the prevailing level, and only that one', () => {
    expect(ids(fired(calm()))).toContain('prevailing-1');
    expect(ids(fired(round([3, 3, 3, 2, 2])))).toEqual(expect.arrayContaining(['prevailing-3']));
    expect(ids(fired(round([3, 3, 3, 2, 2])))).not.toContain('prevailing-2');
    expect(ids(fired(round([4, 4, 4, 3, 3])))).toContain('prevailing-4');
  });

  it('fire rising tension on a clear rise against the rounds before, not on a small one', () => {
    const before = round([1, 1, 1, 1, 1, 1, 2, 2, 2, 3]);
    expect(ids(fired(before, before, before, round([1, 2, 2, 3, 3, 3, 3, 4, 2, 3])))).toContain('rising-tension');
    expect(ids(fired(before, before, before, round([1, 1, 1, 1, 2, 2, 2, 2, 2, 3])))).not.toContain('rising-tension');
  });

  it('warn of a wide spread for two groups two levels apart, not for one outlier', () => {
    expect(ids(fired(round([1, 1, 3, 3, 2])))).toContain('wide-spread');
    expect(ids(fired(round([1, 1, 1, 1, 1, 2, 2, 2, 3])))).not.toContain('wide-spread');
  });

  it('suggest the tips of the weakest statement below 3.0', () => {
    const low = fired(round([1, 1, 1, 1, 1], Array.from({ length: 5 }, () => ({ ratings: { 'ce-interests': 2, 'ce-ambition': 4 } }))));
    const weak = low.find((s) => s.ruleId === 'weakest-statement');
    expect(weak?.items).toContain('tip-ce-interests');
    expect(ids(fired(round([1, 1, 1, 1, 1], Array.from({ length: 5 }, () => ({ ratings: { 'ce-interests': 3 } })))))).not.toContain('weakest-statement');
  });

  it('notice a drop in participation, and the network dip instead of it when both hold', () => {
    expect(ids(fired(n(10), n(10), n(10), n(7)))).toContain('participation-drop');
    expect(ids(fired(n(10), n(10), n(10), n(8)))).not.toContain('participation-drop');
    const dip = ids(fired(n(16), n(13), n(11), n(8)));
    expect(dip).toContain('network-dip');
    expect(dip).not.toContain('participation-drop');
    expect(ids(fired(n(10), n(11), n(12), n(13)))).not.toContain('network-dip');
  });

  it('compare domains and tiers over two rounds', () => {
    const levels: Level[] = [1, 1, 1, 1, 1, 3, 3, 3, 3, 3];
    const byDomain = levels.map((_, i): Partial<Answer> => ({ domain: i < 5 ? 'education' : 'youth-care', orgLevel: 'execution' }));
    const s = fired(round(levels, byDomain), round(levels, byDomain));
    expect(ids(s)).toContain('domain-difference');
    expect(ids(s)).not.toContain('level-difference');
    expect(ids(fired(round(levels, byDomain)))).not.toContain('domain-difference');
  });

  it('encourage after three calm rounds in a row, instead of repeating the calm level\'s advice', () => {
    const s = ids(fired(calm(), calm(), calm()));
    expect(s).toContain('calm-streak');
    expect(s).not.toContain('prevailing-1');
    expect(ids(fired(round([3, 3, 3, 3, 3]), calm(), calm()))).not.toContain('calm-streak');
  });

  it('say something useful below k: the threshold\'s own advice, participation advice, nothing from a figure', () => {
    const s = fired(n(10), n(10), n(10), hidden(3));
    expect(ids(s)).toEqual(expect.arrayContaining(['participation-drop']));
    expect(ids(s).every((id) => ['participation-drop', 'network-dip', 'below-threshold'].includes(id))).toBe(true);
    expect(ids(fired(n(6), hidden(4)))).toEqual(['below-threshold']);
  });

  it('name an agreement most find unhelpful: half or more of those with an opinion, and three people at least', () => {
    const unhelpful = fired(rated([...times(3, 'no'), ...times(2, 'a-little'), ...times(3, 'unsure')])).find((s) => s.ruleId === 'agreement-unhelpful');
    expect(unhelpful?.reason.params).toMatchObject({ agreement: AGREEMENT.id, agreementText: AGREEMENT.text, count: 3, opinions: 5, percent: 60 });
    expect(unhelpful?.items).toEqual(['agreement-revisit']);
    // Two of four with an opinion is half, but not three people; two of five is not half.
    expect(ids(fired(rated([...times(2, 'no'), ...times(2, 'yes'), 'unsure'])))).not.toContain('agreement-unhelpful');
    expect(ids(fired(rated([...times(2, 'no'), ...times(3, 'yes')])))).not.toContain('agreement-unhelpful');
    // Below k ratings nothing is shown, so nothing is said.
    expect(ids(fired(rated(times(4, 'no'))))).not.toContain('agreement-unhelpful');
  });

  it('name an agreement that helped three rounds in a row, not two, and not after a round it did not help', () => {
    const helps = rated([...times(3, 'yes'), ...times(2, 'a-little'), 'no']);
    const doubtful = rated([...times(3, 'yes'), ...times(3, 'no')]);
    const helped = fired(helps, helps, helps).find((s) => s.ruleId === 'agreement-helped');
    expect(helped?.reason.params).toMatchObject({ agreement: AGREEMENT.id, rounds: 3 });
    expect(helped?.items).toEqual(['agreement-make-habit']);
    expect(ids(fired(helps, helps))).not.toContain('agreement-helped');
    expect(ids(fired(helps, doubtful, helps))).not.toContain('agreement-helped');
    expect(ids(fired(helps, rated(times(4, 'yes')), helps))).not.toContain('agreement-helped');
  });

  it('render every reason in both languages with all placeholders filled', () => {
    const levels: Level[] = [1, 1, 1, 1, 1, 3, 3, 3, 3, 3];
    const extra = levels.map((_, i): Partial<Answer> => ({ domain: i < 5 ? 'education' : 'youth-care', orgLevel: i < 5 ? 'board' : 'execution', ratings: { 'wp-learning': 2 } }));
    const before = round([1, 1, 1, 1, 1, 1, 2, 2, 2, 3]);
    const tense = round([2, 2, 3, 3, 3, 3, 4, 4, 3, 3]);
    const all = [
      ...fired(calm(), calm(), calm()),
      ...fired(n(14), n(12), round(levels, extra), round(levels, extra)),
      ...fired(before, before, before, tense),
      ...fired(tense, tense, tense, before),
      ...fired(n(10), n(10), n(10), n(6)),
      ...fired(n(16), n(13), n(11), n(8)),
      ...fired(n(6), hidden(3)),
      ...fired(rated(times(6, 'no'))),
      ...fired(...times(3, 'yes').map(() => rated(times(6, 'yes')))),
    ];
    const kinds = new Set(all.map((s) => s.reason.key));
    expect(kinds.size).toBe(new Set(content.rules.map((r) => r.kind)).size);
    for (const s of all) {
      for (const lang of ['nl', 'en'] as const) {
        const text = reasonText({ content, lang, timeZone: 'Europe/Amsterdam' }, s.reason);
        expect(text).not.toBe(s.reason.key);
        expect(text, s.reason.key).not.toMatch(/\{\w+\}/);
        // An agreement is typed text: inert inside the reason, so its markup stays as typed.
        if (s.reason.params.agreementText !== undefined) expect(text).toContain(inert(AGREEMENT.text));
      }
      for (const item of s.items) expect(content.items.has(item)).toBe(true);
    }
  });
});
