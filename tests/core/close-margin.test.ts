import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertMayCloseNow, CLOSE_MARGIN, mayCloseEarly } from '../../src/core/close-margin.ts';
import { DomainError } from '../../src/core/errors.ts';

describe('early close margin', () => {
  it('refuses exactly when results would be shown on fewer than k + 2 answers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 20 }), fc.integer({ min: 0, max: 60 }), (k, n) => {
        expect(mayCloseEarly(n, k)).toBe(n < k || n >= k + 2);
      }),
    );
    expect(CLOSE_MARGIN).toBe(2);
  });

  it('uses the threshold actually applied: a configured k below 3 counts as 3', () => {
    expect(mayCloseEarly(2, 1)).toBe(true);
    expect(mayCloseEarly(3, 1)).toBe(false);
    expect(mayCloseEarly(4, 1)).toBe(false);
    expect(mayCloseEarly(5, 1)).toBe(true);
  });

  it('says what is needed, and never stands in the way of a close that is due', () => {
    const closesAt = new Date('2026-03-10T08:00:00Z');
    const early = new Date('2026-03-09T08:00:00Z');
    let thrown: unknown;
    try {
      assertMayCloseNow({ n: 6, k: 5, now: early, closesAt });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: 'close_thin_margin', params: { n: 6, k: 5, needed: 7 } });
    expect(() => assertMayCloseNow({ n: 5, k: 5, now: closesAt, closesAt })).not.toThrow();
    expect(() => assertMayCloseNow({ n: 7, k: 5, now: early, closesAt })).not.toThrow();
    expect(() => assertMayCloseNow({ n: 4, k: 5, now: early, closesAt })).not.toThrow();
  });
});
