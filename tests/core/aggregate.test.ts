import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, groupFigures } from '../../src/core/aggregate.ts';
import type { Answer } from '../../src/core/answer.ts';
import { DOMAINS, ORG_LEVELS } from '../../src/core/network.ts';
import type { Level } from '../../src/core/scale.ts';

const identity = <T>(xs: readonly T[]): T[] => [...xs];
const level = fc.constantFrom<Level>(1, 2, 3, 4);
const answer: fc.Arbitrary<Answer> = fc.record(
  {
    level,
    ratings: fc.record({ s1: fc.constantFrom<1 | 2 | 3 | 4 | 5>(1, 2, 3, 4, 5) }, { requiredKeys: [] }),
    domain: fc.constantFrom(...DOMAINS),
    orgLevel: fc.constantFrom(...ORG_LEVELS),
    comment: fc.string({ minLength: 1, maxLength: 20 }),
  },
  { requiredKeys: ['level', 'ratings'] },
);
const options = (k: number) => ({ k, statementIds: ['s1'], commentsEnabled: true, shuffle: identity });

describe('aggregate', () => {
  it('below k yields the count and nothing else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 20 }), fc.array(answer, { maxLength: 19 }), (k, answers) => {
        fc.pre(answers.length < k);
        const result = aggregate(answers, options(k));
        expect(result).toEqual({ shown: false, n: answers.length, k });
      }),
    );
  });

  it('from k on, counts add up to n, shares to 1, and median and mean lie on the scale', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 10 }), fc.array(answer, { minLength: 3, maxLength: 60 }), (k, answers) => {
        fc.pre(answers.length >= k);
        const result = aggregate(answers, options(k));
        if (!result.shown) throw new Error('expected shown');
        const counts = Object.values(result.counts);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(answers.length);
        expect(Object.values(result.shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        expect(result.median).toBeGreaterThanOrEqual(1);
        expect(result.median).toBeLessThanOrEqual(4);
        expect(result.mean).toBeGreaterThanOrEqual(result.spread.min);
        expect(result.mean).toBeLessThanOrEqual(result.spread.max);
        for (const s of result.statements) expect(s.n).toBeGreaterThanOrEqual(k);
      }),
    );
  });

  it('never uses a threshold below 3', () => {
    const answers: Answer[] = [{ level: 1, ratings: {} }, { level: 4, ratings: {} }];
    expect(aggregate(answers, options(1))).toEqual({ shown: false, n: 2, k: 3 });
  });

  it('computes the figures of a known round', () => {
    const answers: Answer[] = [1, 2, 2, 3, 4, 2].map((l) => ({ level: l as Level, ratings: { s1: 2 } }));
    const result = aggregate(answers, options(5));
    if (!result.shown) throw new Error('expected shown');
    expect(result.counts).toEqual({ 1: 1, 2: 3, 3: 1, 4: 1 });
    expect(result.median).toBe(2);
    expect(result.mean).toBeCloseTo(14 / 6);
    expect(result.spread).toMatchObject({ min: 1, max: 4, wide: true });
    expect(result.statements).toEqual([{ id: 's1', n: 6, mean: 2 }]);
  });

  it('calls a spread wide only from two levels apart', () => {
    const of = (levels: Level[]) => aggregate(levels.map((l) => ({ level: l, ratings: {} })), options(3));
    expect(of([1, 1, 2, 2, 2])).toMatchObject({ spread: { wide: false } });
    expect(of([1, 1, 2, 3, 2])).toMatchObject({ spread: { wide: true } });
    expect(of([2, 4, 3, 3, 3])).toMatchObject({ spread: { wide: true } });
  });

  it('shows comments shuffled, and none when comments are off', () => {
    const answers: Answer[] = ['a', 'b', 'c', 'd', 'e'].map((c) => ({ level: 1, ratings: {}, comment: c }));
    const reversed = aggregate(answers, { ...options(5), shuffle: <T>(xs: readonly T[]) => [...xs].reverse() });
    expect(reversed).toMatchObject({ comments: ['e', 'd', 'c', 'b', 'a'] });
    const some = aggregate([...answers, { level: 2, ratings: {} }, { level: 3, ratings: {}, comment: '' }], options(5));
    expect(some.shown && some.comments).toEqual(['a', 'b', 'c', 'd', 'e']);
    const off = aggregate(answers, { ...options(5), commentsEnabled: false });
    expect(off.shown && off.comments).toEqual([]);
  });
});

describe('groups and complementary suppression', () => {
  const make = (domain: string, count: number, lvl: Level): Answer[] =>
    Array.from({ length: count }, () => ({ level: lvl, ratings: {}, domain: domain as Answer['domain'] }));

  it('hides the smallest shown group when fewer than k people would stay hidden together', () => {
    const answers = [...make('education', 7, 1), ...make('municipality', 5, 2), ...make('childcare', 2, 4)];
    // Childcare (2) alone would be hidden; with municipality it is 7 people, not 2.
    expect(groupFigures(answers, 5).domain).toEqual({ shown: [{ group: 'education', n: 7 }], hidden: 2 });
  });

  it('counts people who stated no domain as hidden too', () => {
    const answers = [...make('education', 7, 1), ...make('municipality', 5, 2), { level: 4 as Level, ratings: {} }];
    expect(groupFigures(answers, 5).domain).toEqual({ shown: [{ group: 'education', n: 7 }], hidden: 1 });
    // With k of them, nothing else needs hiding.
    const more = [...make('education', 7, 1), ...make('municipality', 5, 2), ...Array.from({ length: 5 }, (): Answer => ({ level: 4, ratings: {} }))];
    expect(groupFigures(more, 5).domain.shown.map((g) => g.group)).toEqual(['education', 'municipality']);
  });

  it('shows every group with its median when every combination of domain and tier holds k or more', () => {
    const answers: Answer[] = [
      ...Array.from({ length: 5 }, (): Answer => ({ level: 1, ratings: {}, orgLevel: 'board' })),
      ...Array.from({ length: 5 }, (): Answer => ({ level: 3, ratings: {}, orgLevel: 'execution' })),
    ];
    expect(groupFigures(answers, 5)).toEqual({
      domain: { shown: [], hidden: 0 },
      orgLevel: {
        shown: [
          { group: 'board', n: 5, median: 1 },
          { group: 'execution', n: 5, median: 3 },
        ],
        hidden: 0,
      },
      channel: { shown: [], hidden: 0 },
    });
  });
});
