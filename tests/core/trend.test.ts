import { describe, expect, it } from 'vitest';
import { directionOf, trend } from '../../src/core/trend.ts';
import { hidden, history, resultOf } from './build.ts';

describe('trend', () => {
  it('has no latest, previous or delta for an empty history', () => {
    expect(trend([])).toMatchObject({ latest: null, previous: null, medianDelta: null, direction: 'unknown' });
  });

  it('is unknown with a single round', () => {
    expect(trend(history(resultOf([1, 1, 1, 1, 1]))).direction).toBe('unknown');
  });

  it('rises, falls and holds steady by the median', () => {
    const calm = resultOf([1, 1, 1, 2, 2]);
    const warm = resultOf([2, 3, 3, 3, 4]);
    expect(trend(history(calm, warm))).toMatchObject({ medianDelta: 2, direction: 'rising' });
    expect(trend(history(warm, calm))).toMatchObject({ medianDelta: -2, direction: 'falling' });
    expect(trend(history(calm, resultOf([1, 1, 2, 1, 1])))).toMatchObject({ medianDelta: 0, direction: 'steady' });
  });

  it('gives no delta when either round is below k, but keeps the hidden round in the series', () => {
    const t = trend(history(resultOf([1, 1, 1, 1, 1]), hidden(2)));
    expect(t.medianDelta).toBeNull();
    expect(t.direction).toBe('unknown');
    expect(t.points).toHaveLength(2);
    expect(t.latest?.result).toEqual({ shown: false, n: 2, k: 5 });
  });

  it('compares the latest round with the one just before it, of any number', () => {
    const t = trend(history(resultOf([3, 3, 3, 3, 3]), resultOf([1, 1, 1, 1, 1]), resultOf([2, 2, 2, 2, 2])));
    expect(t.latest?.roundId).toBe('r2');
    expect(t.previous?.roundId).toBe('r1');
    expect(t).toMatchObject({ medianDelta: 1, direction: 'rising' });
    expect(t.points.map((p) => p.roundId)).toEqual(['r0', 'r1', 'r2']);
  });

  it('counts half a level as a change and anything less as steady', () => {
    expect(directionOf(0.5)).toBe('rising');
    expect(directionOf(0.49)).toBe('steady');
    expect(directionOf(-0.5)).toBe('falling');
    expect(directionOf(-0.49)).toBe('steady');
    expect(directionOf(0)).toBe('steady');
    expect(directionOf(null)).toBe('unknown');
    // Through real medians: 1 → 1.5 (an even round split between 1 and 2) is a change.
    expect(trend(history(resultOf([1, 1, 1, 1, 1, 1]), resultOf([1, 1, 1, 2, 2, 2])))).toMatchObject({ medianDelta: 0.5, direction: 'rising' });
  });
});
