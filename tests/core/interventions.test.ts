/**
 * The intervention engine, rule by rule, on fixed rounds that sit on each rule's edges:
 * exactly half a level, exactly one level between groups, a median of exactly 1.5,
 * exactly the share a rule asks for, ties. Rounds are built inside each test (not when
 * the file loads), so mutation testing can tell which test covers which line.
 */
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/answer.ts';
import { evaluateRules, firedRules, networkDip, polarisedEnds, selectSuggestions } from '../../src/core/interventions.ts';
import type { OrgLevel } from '../../src/core/network.ts';
import type { RoundResult, ShownResult } from '../../src/core/result.ts';
import type { Rule } from '../../src/core/rule.ts';
import type { Level } from '../../src/core/scale.ts';
import { momentsOf, pooled, welchT } from '../../src/core/stats.ts';
import { hidden, history, resultOf } from './build.ts';

const base = { priority: 1, tone: 'neutral' as const, suggest: ['item'], replaces: [], source: 'test' };
const fires = (rule: Rule, ...results: Parameters<typeof history>) => evaluateRules([rule], { history: history(...results), statementTips: { s1: ['tip-s1'] } });
const paramsOf = (rule: Rule, ...results: Parameters<typeof history>) => fires(rule, ...results)[0]?.reason.params;
const levels = (spec: Partial<Record<Level, number>>): Level[] => ([1, 2, 3, 4] as const).flatMap((l) => Array.from({ length: spec[l] ?? 0 }, () => l));
const round = (spec: Partial<Record<Level, number>>) => resultOf(levels(spec));
const calm = () => resultOf([1, 1, 1, 1, 2]);
const shown = (result: RoundResult): ShownResult => {
  if (!result.shown) throw new Error('expected a shown result');
  return result;
};

describe('prevailing-level', () => {
  const rule: Rule = { ...base, id: 'p3', kind: 'prevailing-level', level: 3 };
  it('fires for the most chosen level with its count', () => {
    expect(fires(rule, resultOf([3, 3, 3, 1, 2]))[0]?.reason).toEqual({ key: 'reason.prevailing-level', params: { level: 3, count: 3, n: 5 } });
  });
  it('breaks ties towards the tenser level', () => {
    expect(fires(rule, resultOf([2, 2, 3, 3, 1]))).toHaveLength(1);
    expect(fires({ ...rule, level: 2 }, resultOf([2, 2, 3, 3, 1]))).toHaveLength(0);
  });
  it('calls a round calm only when level 1 has more responses than any other level', () => {
    const calmRule: Rule = { ...rule, level: 1 };
    expect(fires(calmRule, resultOf([1, 1, 1, 2, 2]))).toHaveLength(1);
    expect(fires(calmRule, resultOf([1, 1, 2, 2, 3, 3]))).toHaveLength(0);
    expect(fires(calmRule, resultOf([1, 1, 1, 4, 4, 4]))).toHaveLength(0);
  });
  it('does not fire for another level or a hidden round', () => {
    expect(fires(rule, calm())).toHaveLength(0);
    expect(fires(rule, hidden(2))).toHaveLength(0);
  });
});

describe('rising-tension and easing-tension', () => {
  const rising: Rule = { ...base, id: 'rise', kind: 'rising-tension', minDelta: 0.3, minT: 2.5, baseline: 3 };
  const easing: Rule = { ...rising, id: 'ease', kind: 'easing-tension' };
  /** Only the size of the change counts: any t will do. */
  const loose = (rule: Rule, minDelta: number): Rule => ({ ...rule, minDelta, minT: 0 }) as Rule;
  const before = () => round({ 1: 8, 2: 3, 3: 1 });
  const tense = () => round({ 1: 2, 2: 4, 3: 5, 4: 1 });

  it('fires on a clear rise against the rounds before, naming where the tension shows, in shares of both', () => {
    expect(paramsOf(rising, before(), before(), before(), tense())).toEqual({ rounds: 3, level: 3, baseCount: 3, baseN: 36 });
  });
  it('takes at most `baseline` shown rounds as the baseline, skipping hidden ones', () => {
    expect(paramsOf(rising, before(), before(), before(), before(), tense())).toEqual({ rounds: 3, level: 3, baseCount: 3, baseN: 36 });
    expect(paramsOf(rising, before(), hidden(3), before(), tense())).toEqual({ rounds: 2, level: 3, baseCount: 2, baseN: 24 });
  });
  it('does not fire on jitter: a small round a level up, or a small change in a big one', () => {
    expect(fires(rising, before(), before(), before(), round({ 1: 2, 2: 3, 3: 1 }))).toHaveLength(0);
    expect(fires(rising, before(), before(), round({ 1: 7, 2: 4, 3: 1 }))).toHaveLength(0);
  });
  it('fires from exactly `minDelta` on, not below it', () => {
    const twos = () => round({ 2: 10 });
    expect(fires(loose(rising, 0.5), twos(), round({ 2: 5, 3: 5 }))).toHaveLength(1);
    expect(fires(loose(rising, 0.5), twos(), round({ 2: 6, 3: 4 }))).toHaveLength(0);
    expect(fires(loose(rising, 1), twos(), round({ 3: 4, 4: 4 }))).toHaveLength(1);
    expect(fires(loose(easing, 0.5), round({ 2: 5, 3: 5 }), twos())).toHaveLength(1);
    expect(fires(loose(easing, 0.5), round({ 2: 6, 3: 4 }), twos())).toHaveLength(0);
  });
  it('fires from exactly `minT` on, not below it', () => {
    const t = welchT(momentsOf(shown(tense()).counts), pooled([1, 2, 3].map(() => momentsOf(shown(before()).counts))));
    expect(fires({ ...rising, minT: t }, before(), before(), before(), tense())).toHaveLength(1);
    expect(fires({ ...rising, minT: t + 1e-9 }, before(), before(), before(), tense())).toHaveLength(0);
  });
  it('names the level that grew most, which need not be the most chosen one', () => {
    expect(paramsOf(loose(rising, 0.3), round({ 1: 6, 2: 6 }), round({ 1: 2, 2: 5, 4: 3 }))).toEqual({ rounds: 1, level: 4, baseCount: 0, baseN: 12 });
    expect(paramsOf(loose(easing, 0.3), round({ 3: 5, 4: 5 }), round({ 1: 3, 3: 4, 4: 3 }))).toEqual({ rounds: 1, level: 1, baseCount: 0, baseN: 10 });
  });
  it('breaks a tie in growth towards the tenser level when rising, the calmer when easing', () => {
    expect(paramsOf(loose(rising, 0.3), round({ 1: 10 }), round({ 1: 4, 3: 3, 4: 3 }))?.level).toBe(4);
    expect(paramsOf(loose(easing, 0.3), round({ 4: 10 }), round({ 1: 3, 2: 3, 4: 4 }))?.level).toBe(1);
  });
  it('names the most chosen level when no level grew', () => {
    const same = () => round({ 2: 3, 3: 3 });
    expect(paramsOf({ ...rising, minDelta: 0, minT: 0 }, same(), same())?.level).toBe(3);
  });
  it('fires the mirror image when tension eases, not when it rises', () => {
    expect(paramsOf(easing, tense(), tense(), before())).toMatchObject({ rounds: 2, level: 1 });
    expect(fires(easing, before(), before(), tense())).toHaveLength(0);
  });
  it('needs a shown round before and a shown latest round', () => {
    expect(fires(rising, hidden(3), tense())).toHaveLength(0);
    expect(fires(rising, before(), hidden(3))).toHaveLength(0);
  });
});

describe('wide-spread', () => {
  const rule: Rule = { ...base, id: 'wide', kind: 'wide-spread', tone: 'tension', priority: 80, minShare: 0.2, minCount: 2, afterCalmPriority: 15 };
  const split = () => round({ 1: 4, 2: 1, 3: 3, 4: 1 });
  const ends = (spec: Partial<Record<Level, number>>, minShare: number, minCount: number) => polarisedEnds(shown(round(spec)), minShare, minCount);

  it('fires for two groups two levels apart, naming the levels chosen at each end', () => {
    expect(paramsOf(rule, round({ 2: 5 }), split())).toEqual({ minLevel: 1, maxLevel: 4, n: 9 });
  });
  it('does not fire for one person far off, or a tail smaller than the middle', () => {
    expect(fires(rule, round({ 1: 7, 2: 2, 3: 1 }))).toHaveLength(0);
    expect(fires(rule, round({ 1: 5, 2: 4, 3: 2 }))).toHaveLength(0);
    expect(ends({ 1: 4, 2: 2, 3: 4 }, 0.2, 2)).toEqual({ low: 1, high: 3 });
  });
  it('needs exactly the share at each end, and `minCount` people when that is more', () => {
    expect(ends({ 1: 6, 2: 2, 3: 2 }, 0.2, 1)).toEqual({ low: 1, high: 3 });
    expect(ends({ 1: 6, 2: 2, 3: 2 }, 0.2, 3)).toBeNull();
    expect(ends({ 1: 8, 2: 1, 3: 1 }, 0.2, 1)).toBeNull();
    expect(ends({ 1: 1, 3: 5, 4: 4 }, 0.2, 2)).toBeNull();
  });
  it('needs the far end at least as large as what lies between', () => {
    expect(ends({ 1: 3, 2: 3, 3: 3 }, 0.2, 2)).toEqual({ low: 1, high: 3 });
    expect(ends({ 1: 3, 2: 5, 3: 3 }, 0.2, 2)).toBeNull();
  });
  it('names the levels actually chosen, also beyond the pair of levels that split', () => {
    expect(ends({ 1: 1, 2: 2, 4: 3 }, 0.2, 2)).toEqual({ low: 1, high: 4 });
    expect(ends({ 2: 3, 3: 1, 4: 3 }, 0.2, 2)).toEqual({ low: 2, high: 4 });
  });
  it('is an alarm after a tense round, and a lower, neutral question after a calm one', () => {
    expect(fires(rule, round({ 1: 2, 2: 4, 3: 2 }), split())[0]).toMatchObject({ priority: 80, tone: 'tension' });
    expect(fires(rule, round({ 2: 5 }), split())[0]).toMatchObject({ priority: 80, tone: 'tension' });
    expect(fires(rule, calm(), split())[0]).toMatchObject({ priority: 15, tone: 'neutral' });
    expect(fires(rule, split())[0]).toMatchObject({ priority: 15, tone: 'neutral' });
  });
  it('counts a round before with a median of exactly 1.5 as calm, unless it was split itself', () => {
    expect(fires(rule, round({ 1: 3, 2: 2, 3: 1 }), split())[0]).toMatchObject({ priority: 15, tone: 'neutral' });
    expect(fires(rule, round({ 1: 4, 3: 2 }), split())[0]).toMatchObject({ priority: 80, tone: 'tension' });
  });
});

describe('weakest-statement', () => {
  const rule: Rule = { ...base, id: 'weak', kind: 'weakest-statement', below: 3 };
  const rated = (s1: number[], s2 = 4) =>
    resultOf(
      s1.map(() => 1),
      s1.map((r) => ({ ratings: { s1: r as 1 | 2 | 3 | 4 | 5, s2: s2 as 1 | 2 | 3 | 4 | 5 } })),
      5,
      ['s1', 's2'],
    );
  it('fires below the threshold and adds that statement\'s tips', () => {
    const [s] = fires(rule, rated([2, 2, 3, 3, 2]));
    expect(s?.reason.params).toEqual({ statement: 's1', mean: '2.4' });
    expect(s?.items).toEqual(['item', 'tip-s1']);
  });
  it('does not fire at exactly the threshold', () => {
    expect(fires(rule, rated([3, 3, 3, 3, 3]))).toHaveLength(0);
  });
  it('names the first of two equally weak statements, and adds nothing for a statement without tips', () => {
    expect(paramsOf(rule, rated([2, 2, 2, 2, 2], 2))).toEqual({ statement: 's1', mean: '2.0' });
    const [s] = fires(rule, rated([4, 4, 4, 4, 4], 2));
    expect(s?.reason.params).toEqual({ statement: 's2', mean: '2.0' });
    expect(s?.items).toEqual(['item']);
  });
});

describe('participation-drop', () => {
  const rule: Rule = { ...base, id: 'drop', kind: 'participation-drop', minDropShare: 0.3, minDrop: 3, window: 3 };
  const n = (count: number) => resultOf(Array.from({ length: count }, () => 1));
  it('fires at a drop of 30% and three people against the mean of the last three rounds', () => {
    expect(paramsOf(rule, n(10), n(10), n(10), n(7))).toEqual({ n: 7, previousMean: 10, dropPercent: 30 });
    expect(paramsOf(rule, n(30), n(9), n(10), n(11), n(7))).toEqual({ n: 7, previousMean: 10, dropPercent: 30 });
  });
  it('also fires when the latest round is hidden', () => {
    expect(fires(rule, n(10), n(10), n(10), hidden(3))).toHaveLength(1);
  });
  it('does not fire on a smaller share, a drop of two people in a small network, or without three earlier rounds', () => {
    expect(fires(rule, n(10), n(10), n(10), n(8))).toHaveLength(0);
    expect(fires(rule, n(20), n(20), n(20), n(16))).toHaveLength(0);
    expect(fires(rule, n(6), n(6), n(6), n(4))).toHaveLength(0);
    expect(fires(rule, n(10), n(10), n(5))).toHaveLength(0);
  });
  it('says nothing after rounds nobody answered, even when no drop at all is asked for', () => {
    const any: Rule = { ...rule, minDrop: 0, minDropShare: 0 };
    expect(fires(any, hidden(0), hidden(0), hidden(0), hidden(0))).toHaveLength(0);
    expect(paramsOf(any, n(6), n(6), n(6), n(6))).toEqual({ n: 6, previousMean: 6, dropPercent: 0 });
  });
});

describe('network-dip', () => {
  const rule: Rule = { ...base, id: 'dip', kind: 'network-dip', minRounds: 3, minDropShare: 0.25 };
  const ns = (...counts: number[]) => history(...counts.map((c) => (c >= 5 ? resultOf(Array.from({ length: c }, () => 1)) : hidden(c))));
  it('fires on a steady decline from the highest participation so far', () => {
    expect(paramsOf(rule, ...[14, 12, 11, 9].map((c) => resultOf(Array.from({ length: c }, () => 1))))).toEqual({ rounds: 3, firstN: 14, n: 9 });
    expect(networkDip(ns(8, 15, 13, 12, 11, 4), 3, 0.25)).toEqual({ rounds: 4, firstN: 15, n: 4 });
  });
  it('counts from the last round at the peak', () => {
    expect(networkDip(ns(15, 15, 12, 11, 10), 3)).toEqual({ rounds: 3, firstN: 15, n: 10 });
    expect(networkDip(ns(15, 15, 12, 11), 3)).toBeNull();
  });
  it('needs `minRounds` rounds of decline since the peak', () => {
    expect(networkDip(ns(15, 12, 11, 10), 3)).toEqual({ rounds: 3, firstN: 15, n: 10 });
    expect(networkDip(ns(15, 12, 11, 10), 4)).toBeNull();
    expect(networkDip(ns(8, 9, 10, 15, 12, 11), 3)).toBeNull();
    expect(networkDip(ns(), 0)).toBeNull();
  });
  it('is not a dip when a round since the peak held steady or rose, or when the decline started below the peak', () => {
    expect(networkDip(ns(14, 12, 12, 9), 3)).toBeNull();
    expect(networkDip(ns(14, 12, 13, 11, 9), 3)).toBeNull();
    expect(networkDip(ns(20, 8, 13, 12, 11, 10), 3)).toBeNull();
  });
  it('needs the latest round at least `minDropShare` below the peak', () => {
    expect(networkDip(ns(20, 18, 17, 15), 3, 0.25)).toEqual({ rounds: 3, firstN: 20, n: 15 });
    expect(networkDip(ns(20, 19, 18, 16), 3, 0.25)).toBeNull();
    expect(fires(rule, ...[20, 19, 18, 17].map((c) => resultOf(Array.from({ length: c }, () => 1))))).toHaveLength(0);
  });
});

describe('group-difference', () => {
  const rule: Rule = { ...base, id: 'vertical', kind: 'group-difference', dimension: 'orgLevel', minDiff: 1, rounds: 2 };
  /** Five people per tier, all at one level: every tier shows a median. */
  const tiers = (spec: Partial<Record<OrgLevel, Level>>) => {
    const entries = Object.entries(spec) as [OrgLevel, Level][];
    const answers = entries.flatMap(([orgLevel, level]) => Array.from({ length: 5 }, (): Partial<Answer> & { level: Level } => ({ level, orgLevel })));
    return resultOf(
      answers.map((a) => a.level),
      answers.map(({ orgLevel }) => ({ orgLevel })),
    );
  };
  const apart = () => tiers({ board: 1, execution: 3 });
  const pair = (highGroup: string, highMedian: number, lowGroup: string, lowMedian: number) => ({ dimension: 'orgLevel', rounds: 2, highGroup, highMedian, lowGroup, lowMedian });

  it('fires when the same group is a level or more above another in two rounds in a row', () => {
    expect(paramsOf(rule, apart(), apart())).toEqual(pair('execution', 3, 'board', 1));
  });
  it('fires at exactly one level apart, in every round', () => {
    const one = () => tiers({ board: 1, execution: 2 });
    expect(paramsOf(rule, one(), one())).toEqual(pair('execution', 2, 'board', 1));
    expect(paramsOf(rule, tiers({ board: 3, execution: 1 }), tiers({ board: 3, execution: 1 }))).toEqual(pair('board', 3, 'execution', 1));
  });
  it('does not fire on one round, on groups that swap, on agreeing groups or for the other dimension', () => {
    expect(fires(rule, apart())).toHaveLength(0);
    expect(fires(rule, tiers({ board: 3, execution: 1 }), apart())).toHaveLength(0);
    expect(fires(rule, tiers({ board: 1, execution: 1 }), apart())).toHaveLength(0);
    expect(fires({ ...rule, dimension: 'domain' }, apart(), apart())).toHaveLength(0);
  });
  it('looks at the last `rounds` shown rounds only, and needs the gap in each of them', () => {
    const agree = () => tiers({ board: 1, execution: 1 });
    expect(paramsOf(rule, agree(), apart(), apart())).toEqual(pair('execution', 3, 'board', 1));
    expect(fires({ ...rule, rounds: 3 }, apart(), agree(), apart())).toHaveLength(0);
    expect(fires(rule, tiers({ board: 3, management: 1 }), tiers({ board: 3, execution: 1 }))).toHaveLength(0);
  });
  it('names the pair furthest apart, the first in group order among equals', () => {
    expect(paramsOf(rule, tiers({ board: 1, execution: 3, management: 2 }), tiers({ board: 1, execution: 3, management: 2 }))).toEqual(pair('execution', 3, 'board', 1));
    expect(paramsOf(rule, tiers({ board: 2, execution: 1, management: 3 }), tiers({ board: 2, execution: 1, management: 3 }))).toEqual(pair('management', 3, 'execution', 1));
    expect(paramsOf(rule, tiers({ board: 1, execution: 2, management: 1 }), tiers({ board: 1, execution: 2, management: 1 }))).toEqual(pair('execution', 2, 'board', 1));
  });
  it('never compares groups whose medians the round withholds', () => {
    // Board members of two domains, three and two of them: too few to show medians at all.
    const lv: Level[] = [1, 1, 1, 1, 1, 3, 3, 3, 3, 3];
    const extra = lv.map((_, i): Partial<Answer> => ({ orgLevel: i < 5 ? 'board' : 'execution', domain: i < 3 ? 'education' : 'municipality' }));
    const withheld = () => resultOf(lv, extra);
    expect(shown(withheld()).groups.orgLevel.shown).toEqual([
      { group: 'board', n: 5 },
      { group: 'execution', n: 5 },
    ]);
    expect(fires({ ...rule, rounds: 1 }, withheld())).toHaveLength(0);
    expect(fires(rule, withheld(), withheld())).toHaveLength(0);
  });
});

describe('calm-streak', () => {
  const rule: Rule = { ...base, id: 'calm', kind: 'calm-streak', minRounds: 3, maxMedian: 1.5 };
  it('fires after three calm rounds in a row and counts the streak', () => {
    expect(paramsOf(rule, resultOf([3, 3, 3, 3, 3]), calm(), calm(), calm())).toEqual({ rounds: 3 });
    expect(paramsOf(rule, resultOf([3, 3, 3, 3, 3]), calm(), calm(), calm(), calm())).toEqual({ rounds: 4 });
  });
  it('counts a median of exactly 1.5 as calm, a median of 2 not', () => {
    const half = () => resultOf([1, 1, 1, 2, 2, 3]);
    expect(paramsOf(rule, half(), half(), half())).toEqual({ rounds: 3 });
    expect(fires(rule, calm(), calm(), calm(), resultOf([1, 1, 1, 2, 2, 3, 3]))).toHaveLength(0);
  });
  it('is broken by a tenser round, a hidden round, or a tie between level 1 and 2', () => {
    expect(fires(rule, calm(), resultOf([2, 2, 2, 2, 2]), calm(), calm())).toHaveLength(0);
    expect(fires(rule, calm(), hidden(2), calm(), calm())).toHaveLength(0);
    expect(fires(rule, calm(), calm(), resultOf([1, 1, 1, 2, 2, 2]))).toHaveLength(0);
  });
});

describe('below-threshold', () => {
  const rule: Rule = { ...base, id: 'few', kind: 'below-threshold' };
  it('fires only when the latest round is hidden, with its count and k and nothing else', () => {
    expect(paramsOf(rule, calm(), hidden(3))).toEqual({ n: 3, k: 5 });
    expect(paramsOf(rule, hidden(4))).toEqual({ n: 4, k: 5 });
    expect(fires(rule, calm())).toHaveLength(0);
    expect(fires(rule, calm(), hidden(3), calm())).toHaveLength(0);
  });
});

describe('every rule', () => {
  const all: Rule[] = [
    { ...base, id: 'a', kind: 'prevailing-level', level: 1 },
    { ...base, id: 'b', kind: 'rising-tension', minDelta: 0, minT: 0, baseline: 3 },
    { ...base, id: 'c', kind: 'easing-tension', minDelta: 0, minT: 0, baseline: 3 },
    { ...base, id: 'd', kind: 'wide-spread', minShare: 0, minCount: 0, afterCalmPriority: 0 },
    { ...base, id: 'e', kind: 'weakest-statement', below: 6 },
    { ...base, id: 'f', kind: 'participation-drop', minDropShare: 0, minDrop: 0, window: 0 },
    { ...base, id: 'g', kind: 'network-dip', minRounds: 0, minDropShare: 0 },
    { ...base, id: 'h', kind: 'group-difference', dimension: 'domain', minDiff: 0, rounds: 1 },
    { ...base, id: 'i', kind: 'calm-streak', minRounds: 1, maxMedian: 4 },
    { ...base, id: 'j', kind: 'below-threshold' },
  ];
  it('says nothing, and does not fail, before any round has closed', () => {
    expect(evaluateRules(all, { history: [], statementTips: {} })).toEqual([]);
  });
  it('refuses a kind of rule it does not know, rather than ignore it', () => {
    const unknown = { ...base, id: 'x', kind: 'gut-feeling' } as unknown as Rule;
    expect(() => evaluateRules([unknown], { history: history(calm()), statementTips: {} })).toThrow(/unknown rule kind.*gut-feeling/);
  });
});

describe('selection', () => {
  const on = (...results: RoundResult[]) => ({ history: history(...results), statementTips: {} });

  it('sorts by priority and keeps content order among equals', () => {
    const rules: Rule[] = [
      { ...base, id: 'a', priority: 1, kind: 'prevailing-level', level: 3, suggest: ['x'] },
      { ...base, id: 'b', priority: 5, kind: 'prevailing-level', level: 3, suggest: ['y'] },
      { ...base, id: 'c', priority: 1, kind: 'prevailing-level', level: 3, suggest: ['z'] },
    ];
    expect(evaluateRules(rules, on(resultOf([3, 3, 3, 1, 2]))).map((s) => s.ruleId)).toEqual(['b', 'a', 'c']);
  });

  it('shows an item once, under the best suggestion, and drops a suggestion left without items', () => {
    const rules: Rule[] = [
      { ...base, id: 'high', priority: 9, kind: 'prevailing-level', level: 3, suggest: ['shared', 'own'] },
      { ...base, id: 'mid', priority: 5, kind: 'prevailing-level', level: 3, suggest: ['shared', 'other'] },
      { ...base, id: 'low', priority: 1, kind: 'prevailing-level', level: 3, suggest: ['own'] },
    ];
    expect(evaluateRules(rules, on(resultOf([3, 3, 3, 1, 2]))).map((s) => [s.ruleId, s.items])).toEqual([
      ['high', ['shared', 'own']],
      ['mid', ['other']],
    ]);
  });

  it('keeps a suggestion that never had items: its reason is the advice', () => {
    const rules: Rule[] = [{ ...base, id: 'few', kind: 'below-threshold', suggest: [] }];
    expect(evaluateRules(rules, on(hidden(3)))).toEqual([expect.objectContaining({ ruleId: 'few', items: [] })]);
  });

  it('leaves out a rule another replaces', () => {
    const rules: Rule[] = [
      { ...base, id: 'dip', kind: 'network-dip', minRounds: 3, minDropShare: 0, replaces: ['drop'], suggest: ['d'] },
      { ...base, id: 'drop', kind: 'participation-drop', minDropShare: 0.1, minDrop: 1, window: 3, suggest: ['p'] },
    ];
    const n = (count: number) => resultOf(Array.from({ length: count }, () => 1));
    expect(firedRules(rules, on(n(14), n(12), n(11), n(9))).map((s) => s.ruleId)).toEqual(['dip', 'drop']);
    expect(evaluateRules(rules, on(n(14), n(12), n(11), n(9))).map((s) => s.ruleId)).toEqual(['dip']);
    expect(evaluateRules(rules, on(n(14), n(14), n(14), n(9))).map((s) => s.ruleId)).toEqual(['drop']);
  });

  it('leaves out calm rules when a tension rule fires, unless that tension rule is itself replaced', () => {
    const quiet: Rule = { ...base, id: 'quiet', tone: 'calm', priority: 5, kind: 'prevailing-level', level: 1, suggest: ['q'] };
    const alarm: Rule = { ...base, id: 'alarm', tone: 'tension', priority: 3, kind: 'calm-streak', minRounds: 1, maxMedian: 4, suggest: ['a'] };
    const better: Rule = { ...base, id: 'better', tone: 'neutral', priority: 1, kind: 'below-threshold', replaces: ['alarm'], suggest: ['b'] };
    const ids = (rules: Rule[]) => evaluateRules(rules, on(calm())).map((s) => s.ruleId);
    expect(ids([quiet, alarm])).toEqual(['alarm']);
    expect(ids([quiet])).toEqual(['quiet']);
    // `better` replaces the alarm but does not fire on a shown round: the alarm stands.
    expect(ids([quiet, alarm, better])).toEqual(['alarm']);
    const replacing: Rule = { ...better, kind: 'prevailing-level', level: 1 };
    expect(ids([quiet, alarm, replacing])).toEqual(['quiet', 'better']);
  });

  it('selects from what fired: a replacement that did not fire replaces nothing', () => {
    const rules: Rule[] = [
      { ...base, id: 'a', kind: 'prevailing-level', level: 1, suggest: ['x'] },
      { ...base, id: 'b', kind: 'prevailing-level', level: 2, replaces: ['a'], suggest: ['y'] },
    ];
    const fired = firedRules(rules, on(calm()));
    expect(selectSuggestions(rules, fired).map((s) => s.ruleId)).toEqual(['a']);
  });
});
