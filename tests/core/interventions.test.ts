import { describe, expect, it } from 'vitest';
import { evaluateRules, networkDip, topSuggestions } from '../../src/core/interventions.ts';
import type { Rule } from '../../src/core/rule.ts';
import type { Level } from '../../src/core/scale.ts';
import { hidden, history, resultOf } from './build.ts';

const base = { priority: 1, suggest: ['item'], source: 'test' };
const fires = (rule: Rule, ...results: Parameters<typeof history>) => evaluateRules([rule], { history: history(...results), statementTips: { s1: ['tip-s1'] } });
const calm = resultOf([1, 1, 1, 1, 2]);

describe('prevailing-level', () => {
  const rule: Rule = { ...base, id: 'p3', kind: 'prevailing-level', level: 3 };
  it('fires for the most chosen level with its count', () => {
    expect(fires(rule, resultOf([3, 3, 3, 1, 2]))[0]?.reason).toEqual({ key: 'reason.prevailing-level', params: { level: 3, count: 3, n: 5 } });
  });
  it('breaks ties towards the warmer level', () => {
    expect(fires(rule, resultOf([2, 2, 3, 3, 1]))).toHaveLength(1);
    expect(fires({ ...rule, level: 2 }, resultOf([2, 2, 3, 3, 1]))).toHaveLength(0);
  });
  it('does not fire for another level or a hidden round', () => {
    expect(fires(rule, calm)).toHaveLength(0);
    expect(fires(rule, hidden(2))).toHaveLength(0);
  });
});

describe('median-rise', () => {
  const rule: Rule = { ...base, id: 'rise', kind: 'median-rise', minDelta: 1 };
  it('fires when the median rose by at least minDelta, naming where the heat comes from', () => {
    const [s] = fires(rule, resultOf([1, 1, 2, 2, 2]), resultOf([2, 3, 3, 3, 1]));
    expect(s?.reason.params).toEqual({ fromMedian: 2, toMedian: 3, level: 3, count: 3, previousCount: 0, n: 5 });
  });
  it('does not fire just below the threshold or when falling', () => {
    expect(fires({ ...rule, minDelta: 1.5 }, resultOf([1, 1, 2, 2, 2]), resultOf([2, 3, 3, 3, 1]))).toHaveLength(0);
    expect(fires(rule, resultOf([2, 3, 3, 3, 1]), resultOf([1, 1, 2, 2, 2]))).toHaveLength(0);
  });
  it('needs both rounds shown', () => {
    expect(fires(rule, hidden(3), resultOf([3, 3, 3, 3, 3]))).toHaveLength(0);
  });
});

describe('wide-spread', () => {
  const rule: Rule = { ...base, id: 'wide', kind: 'wide-spread' };
  it('fires when level 1 sits next to level 3', () => {
    expect(fires(rule, resultOf([1, 1, 3, 2, 2]))[0]?.reason.params).toEqual({ minLevel: 1, maxLevel: 3, n: 5 });
  });
  it('does not fire for neighbouring levels', () => {
    expect(fires(rule, resultOf([1, 2, 2, 2, 1]))).toHaveLength(0);
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
  const rule: Rule = { ...base, id: 'drop', kind: 'participation-drop', minDropShare: 0.3, window: 3 };
  const n = (count: number) => resultOf(Array.from({ length: count }, () => 1));
  it('fires at a drop of 30% against the mean of the last three rounds', () => {
    expect(fires(rule, n(10), n(10), n(10), n(7))[0]?.reason.params).toEqual({ n: 7, previousMean: 10, dropPercent: 30 });
  });
  it('also fires when the latest round is hidden', () => {
    expect(fires(rule, n(10), n(10), n(10), hidden(3))).toHaveLength(1);
  });
  it('does not fire on a smaller drop or without three earlier rounds', () => {
    expect(fires(rule, n(10), n(10), n(10), n(8))).toHaveLength(0);
    expect(fires(rule, n(10), n(10), n(5))).toHaveLength(0);
  });
});

describe('network-dip', () => {
  const rule: Rule = { ...base, id: 'dip', kind: 'network-dip', minRounds: 3 };
  const n = (count: number) => resultOf(Array.from({ length: count }, () => 1));
  it('fires on a steady decline after an energetic start', () => {
    expect(fires(rule, n(14), n(12), n(11), n(9))[0]?.reason.params).toEqual({ rounds: 3, firstN: 14, n: 9 });
  });
  it('does not fire when a round in the window held steady, or when the peak came later', () => {
    expect(fires(rule, n(14), n(12), n(12), n(9))).toHaveLength(0);
    expect(networkDip(history(n(8), n(9), n(15), n(12), n(11), n(10)), 3)).not.toBeNull();
    expect(networkDip(history(n(8), n(9), n(10), n(15), n(12), n(11)), 3)).toBeNull();
  });
});

describe('group-difference', () => {
  const rule: Rule = { ...base, id: 'vertical', kind: 'group-difference', dimension: 'orgLevel', minDiff: 1 };
  const levels: Level[] = [1, 1, 1, 1, 1, 3, 3, 3, 3, 3];
  const orgs = levels.map((_, i) => ({ orgLevel: i < 5 ? ('board' as const) : ('execution' as const) }));
  it('fires when shown groups differ by a level or more', () => {
    expect(fires(rule, resultOf(levels, orgs))[0]?.reason.params).toEqual({
      dimension: 'orgLevel',
      highGroup: 'execution',
      highMedian: 3,
      lowGroup: 'board',
      lowMedian: 1,
    });
  });
  it('does not fire when the groups agree, or for the other dimension', () => {
    expect(fires(rule, resultOf([1, 1, 1, 1, 1, 2, 1, 1, 1, 1], orgs))).toHaveLength(0);
    expect(fires({ ...rule, dimension: 'domain' }, resultOf(levels, orgs))).toHaveLength(0);
  });
});

describe('calm-streak', () => {
  const rule: Rule = { ...base, id: 'calm', kind: 'calm-streak', minRounds: 3, maxMedian: 1.5 };
  it('fires after three calm rounds in a row and counts the streak', () => {
    expect(fires(rule, resultOf([3, 3, 3, 3, 3]), calm, calm, calm)[0]?.reason.params).toEqual({ rounds: 3 });
  });
  it('is broken by a warmer or a hidden round', () => {
    expect(fires(rule, calm, resultOf([2, 2, 2, 2, 2]), calm, calm)).toHaveLength(0);
    expect(fires(rule, calm, hidden(2), calm, calm)).toHaveLength(0);
  });
});

describe('ordering', () => {
  it('sorts by priority and keeps content order among equals', () => {
    const rules: Rule[] = [
      { ...base, id: 'a', priority: 1, kind: 'wide-spread' },
      { ...base, id: 'b', priority: 5, kind: 'prevailing-level', level: 3 },
      { ...base, id: 'c', priority: 1, kind: 'prevailing-level', level: 3 },
    ];
    const all = evaluateRules(rules, { history: history(resultOf([3, 3, 3, 1, 2])), statementTips: {} });
    expect(all.map((s) => s.ruleId)).toEqual(['b', 'a', 'c']);
    expect(topSuggestions(all, 2).map((s) => s.ruleId)).toEqual(['b', 'a']);
  });
});
