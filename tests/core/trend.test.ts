import { describe, expect, it } from 'vitest';
import { trend } from '../../src/core/trend.ts';
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
});
