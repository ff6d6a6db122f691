/**
 * The small statistics behind every figure and rule: fixed examples on the edges the
 * rules sit on (an even number of answers, a median of exactly 1.5, one respondent, no
 * respondents), next to properties against a plain re-computation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, median, momentsOf, pooled, round, stdDev, welchT, type Moments } from '../../src/core/stats.ts';

const counts = fc.record({ 1: fc.nat(12), 2: fc.nat(12), 3: fc.nat(12), 4: fc.nat(12) });
const expand = (c: Record<number, number>): number[] => Object.entries(c).flatMap(([v, n]) => Array.from({ length: n }, () => Number(v)));

describe('mean and median', () => {
  it('are NaN for no values, never a level', () => {
    expect(mean([])).toBeNaN();
    expect(median([])).toBeNaN();
  });

  it('take the middle value of an odd count and the midpoint of the two middle values of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2])).toBe(1.5);
    expect(median([2, 1, 1, 2])).toBe(1.5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, 1, 1, 2, 2, 3])).toBe(1.5);
    expect(median([4])).toBe(4);
    expect(mean([1, 2, 4])).toBeCloseTo(7 / 3, 12);
  });

  it('match a re-computation on the sorted values, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 40 }), (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        const lower = sorted[Math.ceil(sorted.length / 2) - 1] as number;
        const upper = sorted[Math.floor(sorted.length / 2)] as number;
        expect(median(values)).toBe((lower + upper) / 2);
        expect(mean(values)).toBeCloseTo(values.reduce((s, v) => s + v, 0) / values.length, 9);
      }),
      { numRuns: 300 },
    );
  });
});

describe('stdDev', () => {
  it('is the population standard deviation', () => {
    expect(stdDev([1, 3])).toBe(1);
    expect(stdDev([2, 2, 2])).toBe(0);
    expect(stdDev([1, 1, 4, 4])).toBe(1.5);
  });
});

describe('round', () => {
  it('rounds to the given number of decimals', () => {
    expect(round(2.345, 1)).toBe(2.3);
    expect(round(2.35, 0)).toBe(2);
    expect(round(9.96, 1)).toBe(10);
  });
});

describe('momentsOf and pooled', () => {
  it('give count, mean and sample variance of a distribution', () => {
    expect(momentsOf({ 1: 2, 2: 1, 4: 1 })).toEqual({ n: 4, mean: 2, variance: 2 });
    expect(momentsOf({ 1: 1, 3: 1 })).toEqual({ n: 2, mean: 2, variance: 2 });
    // One respondent: no spread to estimate, so no variance (not NaN).
    expect(momentsOf({ 1: 0, 2: 1, 3: 0, 4: 0 })).toEqual({ n: 1, mean: 2, variance: 0 });
  });

  it('are empty, not a division by zero, without responses', () => {
    for (const m of [momentsOf({}), momentsOf({ 1: 0, 2: 0 }), pooled([]), pooled([{ n: 0, mean: Number.NaN, variance: Number.NaN }])]) {
      expect(m.n).toBe(0);
      expect(m.mean).toBeNaN();
      expect(m.variance).toBeNaN();
    }
  });

  it('pool rounds into what their answers together give', () => {
    expect(pooled([momentsOf({ 1: 2 }), momentsOf({ 3: 2 })])).toEqual({ n: 4, mean: 2, variance: 4 / 3 });
    expect(pooled([momentsOf({ 2: 1 })])).toEqual({ n: 1, mean: 2, variance: 0 });
    fc.assert(
      fc.property(fc.array(counts, { minLength: 1, maxLength: 5 }), (rounds) => {
        const samples = rounds.map(momentsOf).filter((m) => m.n > 0);
        fc.pre(samples.length > 0);
        const all = expand(rounds.reduce((sum, c) => ({ 1: sum[1] + c[1], 2: sum[2] + c[2], 3: sum[3] + c[3], 4: sum[4] + c[4] })));
        const m = all.reduce((s, v) => s + v, 0) / all.length;
        const variance = all.length > 1 ? all.reduce((s, v) => s + (v - m) ** 2, 0) / (all.length - 1) : 0;
        const p = pooled(samples);
        expect(p.n).toBe(all.length);
        expect(p.mean).toBeCloseTo(m, 9);
        expect(p.variance).toBeCloseTo(variance, 9);
      }),
      { numRuns: 300 },
    );
  });
});

describe('welchT', () => {
  const moments = (n: number, m: number, variance: number): Moments => ({ n, mean: m, variance });

  it('divides the difference of the means by its standard error', () => {
    expect(welchT(moments(10, 3, 1), moments(5, 2, 2))).toBeCloseTo(1 / Math.sqrt(1 / 10 + 2 / 5), 12);
    expect(welchT(moments(5, 2, 2), moments(10, 3, 1))).toBeCloseTo(-1 / Math.sqrt(1 / 10 + 2 / 5), 12);
  });

  it('floors each variance at a quarter, so identical answers give a finite t', () => {
    expect(welchT(moments(4, 2, 0), moments(4, 1, 0))).toBeCloseTo(1 / Math.sqrt(0.25 / 4 + 0.25 / 4), 12);
    expect(welchT(moments(4, 2, 0.1), moments(8, 1, 1))).toBeCloseTo(1 / Math.sqrt(0.25 / 4 + 1 / 8), 12);
    expect(welchT(moments(8, 1, 1), moments(4, 2, 0.1))).toBeCloseTo(-1 / Math.sqrt(1 / 8 + 0.25 / 4), 12);
  });
});
