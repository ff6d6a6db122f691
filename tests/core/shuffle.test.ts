/**
 * The shuffle that takes away the order of comments and, at close, of the stored answers:
 * it must really reorder (every order possible, none favoured by much), keep every item,
 * and follow Fisher–Yates exactly for a given source of randomness.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shuffle } from '../../src/core/shuffle.ts';

/** A source of randomness that returns the given values in turn. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] as number;
};

describe('shuffle', () => {
  it('swaps each position from the end with one at or before it (Fisher–Yates)', () => {
    // random() = 0 always picks position 0: 1234 → 4231 → 3241 → 2341.
    expect(shuffle([1, 2, 3, 4], () => 0)).toEqual([2, 3, 4, 1]);
    // Just below 1 always picks the position itself: nothing moves.
    expect(shuffle([1, 2, 3, 4], () => 0.999_999)).toEqual([1, 2, 3, 4]);
    // j = floor(r · (i + 1)): i = 3 → 2 (abdc), i = 2 → 1 (adbc), i = 1 → 1 (adbc).
    expect(shuffle(['a', 'b', 'c', 'd'], sequence(0.5))).toEqual(['a', 'd', 'b', 'c']);
    // i = 3 → 0 (dbca), i = 2 → 2 (dbca), i = 1 → 0 (bdca).
    expect(shuffle(['a', 'b', 'c', 'd'], sequence(0.1, 0.9, 0.3))).toEqual(['b', 'd', 'c', 'a']);
  });

  it('returns a new array with every item exactly once, the input untouched', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })), (items, stream) => {
        const copy = [...items];
        const it = stream[Symbol.iterator]();
        const out = shuffle(items, () => it.next().value as number);
        expect(items).toEqual(copy);
        expect([...out].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it('reaches every order of three items about equally often with Math.random', () => {
    const seen = new Map<string, number>();
    const runs = 6000;
    for (let i = 0; i < runs; i++) {
      const key = shuffle(['a', 'b', 'c'], Math.random).join('');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
    // Each of the six orders expects 1000; 800 is more than six standard deviations away.
    for (const count of seen.values()) expect(count).toBeGreaterThan(800);
  });
});
