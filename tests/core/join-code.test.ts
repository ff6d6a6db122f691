/**
 * Join codes: every symbol of Crockford's base 32 equally likely, shown in groups of
 * four, and read back forgivingly (case, spaces, dashes of every kind, O for 0, I and L
 * for 1) while anything that cannot be a code is refused rather than guessed at.
 */
import { describe, expect, it } from 'vitest';
import { formatJoinCode, JOIN_CODE_LENGTH, JOIN_CODE_SYMBOLS, newJoinCode, normalizeJoinCode } from '../../src/core/join-code.ts';
import type { Random } from '../../src/core/ports.ts';

/** A Random whose bytes are the given ones, in turn. */
function bytesOf(values: number[]): Random {
  return { bytes: (n) => Uint8Array.from(values.slice(0, n)), float: () => 0 };
}

describe('a new join code', () => {
  it('takes one symbol per random byte, the byte modulo 32', () => {
    expect(JOIN_CODE_SYMBOLS).toHaveLength(32);
    expect(newJoinCode(bytesOf([0, 1, 2, 9, 10, 17, 18, 31, 32, 63, 224, 255]))).toBe('0129AHJZ0Z0Z');
    expect(newJoinCode(bytesOf(Array.from({ length: 12 }, (_, i) => 40 + i)))).toHaveLength(JOIN_CODE_LENGTH);
  });

  it('uses every symbol of the alphabet and no other', () => {
    const symbols = new Set<string>();
    for (let start = 0; start < 256; start += 12) symbols.add(newJoinCode(bytesOf(Array.from({ length: 12 }, (_, i) => (start + i) % 256))));
    expect(new Set([...symbols].join(''))).toEqual(new Set(JOIN_CODE_SYMBOLS));
  });
});

describe('showing a join code', () => {
  it('groups it in fours, the last group as long as what is left', () => {
    expect(formatJoinCode('K7QDM2XR9TBA')).toBe('K7QD-M2XR-9TBA');
    expect(formatJoinCode('K7QDM')).toBe('K7QD-M');
    expect(formatJoinCode('K7Q')).toBe('K7Q');
    expect(formatJoinCode('')).toBe('');
  });
});

describe('reading a typed join code', () => {
  it('ignores case, spaces and every kind of dash, underscore and dot between the symbols', () => {
    expect(normalizeJoinCode('k7qd-m2xr-9tba')).toBe('K7QDM2XR9TBA');
    for (const separator of [' ', '\t', '-', '\u2010', '\u2011', '\u2013', '\u2014', '_', '.']) {
      expect(normalizeJoinCode(['K7QD', 'M2XR', '9TBA'].join(separator)), JSON.stringify(separator)).toBe('K7QDM2XR9TBA');
    }
    expect(normalizeJoinCode('  K7QD M2XR 9TBA\n')).toBe('K7QDM2XR9TBA');
  });

  it('reads O as zero and I and L as one, as people mistype them', () => {
    expect(normalizeJoinCode('OOOO-IIII-LLLL')).toBe('000011111111');
    expect(normalizeJoinCode('oooo-iiii-llll')).toBe('000011111111');
  });

  it('refuses what is too short, too long, or holds a symbol no code has', () => {
    expect(normalizeJoinCode('K7QD-M2XR-9TB')).toBeUndefined();
    expect(normalizeJoinCode('K7QD-M2XR-9TBAA')).toBeUndefined();
    expect(normalizeJoinCode('')).toBeUndefined();
    expect(normalizeJoinCode('K7QD-M2XR-9TBU')).toBeUndefined();
    expect(normalizeJoinCode('K7QD-M2XR-9TB!')).toBeUndefined();
    expect(normalizeJoinCode('K7QD-M2XR-9TB/')).toBeUndefined();
  });
});
