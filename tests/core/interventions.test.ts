import { describe, expect, it } from 'vitest';
import { evaluateRules, networkDip, polarisedEnds, topSuggestions } from '../../src/core/interventions.ts';
import type { Rule } from '../../src/core/rule.ts';
import type { Level } from '../../src/core/scale.ts';
import { hidden, history, resultOf } from './build.ts';

const base = { priority: 1, tone: 'neutral' as const, suggest: ['item'], replaces: [], source: 'test' };
const fires = (rule: Rule, ...results: Parameters<typeof history>) => evaluateRules([rule], { history: history(...results), statementTips: { s1: ['tip-s1'] } });
const calm = resultOf([1, 1, 1, 1, 2]);
const levels = (spec: Partial<Record<Level, number>>): Level[] => ([1, 2, 3, 4] as const).flatMap((l) => Array.from({ length: spec[l] ?? 0 }, () => l));

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
  });
  it('does not fire for another level or a hidden round', () => {
    expect(fires(rule, calm)).toHaveLength(0);
    expect(fires(rule, hidden(2))).toHaveLength(0);
  });
});

describe('rising-tension and easing-tension', () => {
  const rising: Rule = { ...base, id: 'rise', kind: 'rising-tension', minDelta: 0.3, minT: 2.5, baseline: 3 };
  const easing: Rule = { ...rising, id: 'ease', kind: 'easing-tension' };
  const before = resultOf(levels({ 1: 8, 2: 3, 3: 1 }));
  const tense = resultOf(levels({ 1: 2, 2: 4, 3: 5, 4: 1 }));
  it('fires on a clear rise against the rounds before, naming where the tension shows, in shares of both', () => {
    const [s] = fires(rising, before, before, before, tense);
    expect(s?.reason.params).toEqual({ rounds: 3, level: 3, baseCount: 3, baseN: 36 });
  });
  it('does not fire on jitter: a small round a level up, or a small change in a big one', () => {
    expect(fires(rising, before, before, before, resultOf(levels({ 1: 2, 2: 3, 3: 1 })))).toHaveLength(0);
    expect(fires(rising, before, before, resultOf(levels({ 1: 7, 2: 4, 3: 1 })))).toHaveLength(0);
  });
  it('fires the mirror image when tension eases, not when it rises', () => {
    expect(fires(easing, tense, tense, before)[0]?.reason.params).toMatchObject({ rounds: 2, level: 1 });
    expect(fires(easing, before, before, tense)).toHaveLength(0);
  });
  it('needs a shown round before and a shown latest round', () => {
    expect(fires(rising, hidden(3), tense)).toHaveLength(0);
    expect(fires(rising, before, hidden(3))).toHaveLength(0);
  });
});

describe('wide-spread', () => {
  const rule: Rule = { ...base, id: 'wide', kind: 'wide-spread', tone: 'tension', priority: 80, minShare: 0.2, minCount: 2, afterCalmPriority: 15 };
  const split = resultOf(levels({ 1: 4, 2: 1, 3: 3, 4: 1 }));
  it('fires for two groups two levels apart, naming the levels chosen at each end', () => {
    expect(fires(rule, resultOf(levels({ 2: 5 })), split)[0]?.reason.params).toEqual({ minLevel: 1, maxLevel: 4, n: 9 });
  });
  it('does not fire for one person far off, or a tail smaller than the middle', () => {
    expect(fires(rule, resultOf(levels({ 1: 7, 2: 2, 3: 1 })))).toHaveLength(0);
    expect(fires(rule, resultOf(levels({ 1: 5, 2: 4, 3: 2 })))).toHaveLength(0);
    expect(polarisedEnds(resultOf(levels({ 1: 4, 2: 2, 3: 4 })) as never, 0.2, 2)).toEqual({ low: 1, high: 3 });
  });
  it('is an alarm after a tense round, and a lower, neutral question after a calm one', () => {
    const tenseBefore = resultOf(levels({ 1: 2, 2: 4, 3: 2 }));
    expect(fires(rule, tenseBefore, split)[0]).toMatchObject({ priority: 80, tone: 'tension' });
    expect(fires(rule, calm, split)[0]).toMatchObject({ priority: 15, tone: 'neutral' });
    expect(fires(rule, split)[0]).toMatchObject({ priority: 15, tone: 'neutral' });
  });
});

describe('weakest-statement', () => {
  const rule: Rule = { ...base, id: 'weak', kind: 'weakest-statement', below: 3 };
  const rated = (ratings: number[]) =>
    resultOf(
      ratings.map(() => 1),
      ratings.map((r) => ({ ratings: { s1: r as 1 | 2 | 3 | 4 | 5, s2: 4 } })),
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
});

describe('participation-drop', () => {
  const rule: Rule = { ...base, id: 'drop', kind: 'participation-drop', minDropShare: 0.3, minDrop: 3, window: 3 };
  const n = (count: number) => resultOf(Array.from({ length: count }, () => 1));
  it('fires at a drop of 30% and three people against the mean of the last three rounds', () => {
    expect(fires(rule, n(10), n(10), n(10), n(7))[0]?.reason.params).toEqual({ n: 7, previousMean: 10, dropPercent: 30 });
  });
  it('also fires when the latest round is hidden', () => {
    expect(fires(rule, n(10), n(10), n(10), hidden(3))).toHaveLength(1);
  });
  it('does not fire on a smaller drop, a drop of two people in a small network, or without three earlier rounds', () => {
    expect(fires(rule, n(10), n(10), n(10), n(8))).toHaveLength(0);
    expect(fires(rule, n(6), n(6), n(6), n(4))).toHaveLength(0);
    expect(fires(rule, n(10), n(10), n(5))).toHaveLength(0);
  });
});

describe('network-dip', () => {
  const rule: Rule = { ...base, id: 'dip', kind: 'network-dip', minRounds: 3, minDropShare: 0.25 };
  const n = (count: number) => resultOf(Array.from({ length: count }, () => 1));
  it('fires on a steady decline after an energetic start', () => {
    expect(fires(rule, n(14), n(12), n(11), n(9))[0]?.reason.params).toEqual({ rounds: 3, firstN: 14, n: 9 });
  });
  it('does not fire when a round in the window held steady, when the peak came later, or on a small decline', () => {
    expect(fires(rule, n(14), n(12), n(12), n(9))).toHaveLength(0);
    expect(networkDip(history(n(8), n(9), n(15), n(12), n(11), n(10)), 3)).not.toBeNull();
    expect(networkDip(history(n(8), n(9), n(10), n(15), n(12), n(11)), 3)).toBeNull();
    expect(fires(rule, n(20), n(19), n(18), n(17))).toHaveLength(0);
  });
});

describe('group-difference', () => {
  const rule: Rule = { ...base, id: 'vertical', kind: 'group-difference', dimension: 'orgLevel', minDiff: 1, rounds: 2 };
  const lv: Level[] = [1, 1, 1, 1, 1, 3, 3, 3, 3, 3];
  const orgs = lv.map((_, i) => ({ orgLevel: i < 5 ? ('board' as const) : ('execution' as const) }));
  const apart = resultOf(lv, orgs);
  it('fires when the same group is a level or more above another in two rounds in a row', () => {
    expect(fires(rule, apart, apart)[0]?.reason.params).toEqual({ dimension: 'orgLevel', rounds: 2, highGroup: 'execution', highMedian: 3, lowGroup: 'board', lowMedian: 1 });
  });
  it('does not fire on one round, on groups that swap, on agreeing groups or for the other dimension', () => {
    expect(fires(rule, apart)).toHaveLength(0);
    const swapped = resultOf([...lv].reverse(), orgs);
    expect(fires(rule, swapped, apart)).toHaveLength(0);
    expect(fires(rule, resultOf([1, 1, 1, 1, 1, 2, 1, 1, 1, 1], orgs), apart)).toHaveLength(0);
    expect(fires({ ...rule, dimension: 'domain' }, apart, apart)).toHaveLength(0);
  });
});

describe('calm-streak', () => {
  const rule: Rule = { ...base, id: 'calm', kind: 'calm-streak', minRounds: 3, maxMedian: 1.5 };
  it('fires after three calm rounds in a row and counts the streak', () => {
    expect(fires(rule, resultOf([3, 3, 3, 3, 3]), calm, calm, calm)[0]?.reason.params).toEqual({ rounds: 3 });
  });
  it('is broken by a tenser round, a hidden round, or a tie between level 1 and 2', () => {
    expect(fires(rule, calm, resultOf([2, 2, 2, 2, 2]), calm, calm)).toHaveLength(0);
    expect(fires(rule, calm, hidden(2), calm, calm)).toHaveLength(0);
    expect(fires(rule, calm, calm, resultOf([1, 1, 1, 2, 2, 2]))).toHaveLength(0);
  });
});

describe('below-threshold', () => {
  const rule: Rule = { ...base, id: 'few', kind: 'below-threshold' };
  it('fires only for a hidden round, with its count and k and nothing else', () => {
    expect(fires(rule, calm, hidden(3))[0]?.reason.params).toEqual({ n: 3, k: 5 });
    expect(fires(rule, calm)).toHaveLength(0);
  });
});

describe('selection', () => {
  it('sorts by priority and keeps content order among equals', () => {
    const rules: Rule[] = [
      { ...base, id: 'a', priority: 1, kind: 'prevailing-level', level: 3, suggest: ['x'] },
      { ...base, id: 'b', priority: 5, kind: 'prevailing-level', level: 3, suggest: ['y'] },
      { ...base, id: 'c', priority: 1, kind: 'prevailing-level', level: 3, suggest: ['z'] },
    ];
    const all = evaluateRules(rules, { history: history(resultOf([3, 3, 3, 1, 2])), statementTips: {} });
    expect(all.map((s) => s.ruleId)).toEqual(['b', 'a', 'c']);
    expect(topSuggestions(all, 2).map((s) => s.ruleId)).toEqual(['b', 'a']);
  });

  it('shows an item once, under the best suggestion, and drops a suggestion left without items', () => {
    const rules: Rule[] = [
      { ...base, id: 'high', priority: 9, kind: 'prevailing-level', level: 3, suggest: ['shared', 'own'] },
      { ...base, id: 'mid', priority: 5, kind: 'prevailing-level', level: 3, suggest: ['shared', 'other'] },
      { ...base, id: 'low', priority: 1, kind: 'prevailing-level', level: 3, suggest: ['own'] },
    ];
    const all = evaluateRules(rules, { history: history(resultOf([3, 3, 3, 1, 2])), statementTips: {} });
    expect(all.map((s) => [s.ruleId, s.items])).toEqual([
      ['high', ['shared', 'own']],
      ['mid', ['other']],
    ]);
  });

  it('leaves out a rule another replaces, and calm rules when a tension rule fires', () => {
    const rules: Rule[] = [
      { ...base, id: 'dip', kind: 'network-dip', minRounds: 3, minDropShare: 0, replaces: ['drop'], suggest: ['d'] },
      { ...base, id: 'drop', kind: 'participation-drop', minDropShare: 0.1, minDrop: 1, window: 3, suggest: ['p'] },
      { ...base, id: 'tense', tone: 'tension', kind: 'prevailing-level', level: 2, suggest: ['t'] },
      { ...base, id: 'calm', tone: 'calm', kind: 'calm-streak', minRounds: 1, maxMedian: 2, suggest: ['c'] },
    ];
    const n = (count: number, level: Level) => resultOf(Array.from({ length: count }, () => level));
    const ids = (...results: Parameters<typeof history>) => evaluateRules(rules, { history: history(...results), statementTips: {} }).map((s) => s.ruleId);
    expect(ids(n(14, 1), n(12, 1), n(11, 1), n(9, 1))).toEqual(['dip', 'calm']);
    expect(ids(n(9, 2))).toEqual(['tense']);
  });
});
