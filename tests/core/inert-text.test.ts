/** Typed text in the neutral markup: marked once, split back exactly, never able to close its own wrap. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasInert, inert, INERT_CLOSE, INERT_OPEN, textSegments, typedTextShown, withoutMarkers } from '../../src/core/inert-text.ts';

describe('inert text', () => {
  it('splits markup and typed text in order', () => {
    expect(textSegments(`Het netwerk *${inert('<!channel>')}* is klaar`)).toEqual([
      { text: 'Het netwerk *', inert: false },
      { text: '<!channel>', inert: true },
      { text: '* is klaar', inert: false },
    ]);
    expect(hasInert('plain *bold*')).toBe(false);
  });

  it('drops bidi controls and markers from typed text, so it can neither reorder nor escape its wrap', () => {
    const typed = `a\u202Eb${INERT_CLOSE}*c*\u2066d\u2069${INERT_OPEN}e`;
    expect(textSegments(`x${inert(typed)}y`)).toEqual([
      { text: 'x', inert: false },
      { text: 'ab*c*de', inert: true },
      { text: 'y', inert: false },
    ]);
  });

  it('keeps an unclosed wrap inert to the end, and ignores a stray close', () => {
    expect(textSegments(`a${INERT_CLOSE}b${INERT_OPEN}<@U1>`)).toEqual([
      { text: 'ab', inert: false },
      { text: '<@U1>', inert: true },
    ]);
  });

  it('leaves out empty pieces: typed text that is empty, and markup before, between or after wraps that is', () => {
    expect(textSegments(inert('a'))).toEqual([{ text: 'a', inert: true }]);
    expect(textSegments(`${inert('a')}${inert('b')}`)).toEqual([
      { text: 'a', inert: true },
      { text: 'b', inert: true },
    ]);
    expect(textSegments(`x${inert('')}y`)).toEqual([
      { text: 'x', inert: false },
      { text: 'y', inert: false },
    ]);
    expect(textSegments('')).toEqual([]);
    expect(textSegments(inert(''))).toEqual([]);
  });

  it('keeps typed text whole when a second opening marker stands inside it', () => {
    expect(textSegments(`${INERT_OPEN}a${INERT_OPEN}b${INERT_CLOSE}c`)).toEqual([
      { text: 'ab', inert: true },
      { text: 'c', inert: false },
    ]);
  });

  it('shows typed text without markers and bidi controls, and tells wrapped text from plain', () => {
    expect(typedTextShown(`a\u202Eb${INERT_CLOSE}c\u200Fd\u061Ce`)).toBe('abcde');
    expect(inert('a\u2067b')).toBe(`${INERT_OPEN}ab${INERT_CLOSE}`);
    expect(hasInert(`x${inert('y')}`)).toBe(true);
    expect(withoutMarkers(`x${inert('y')}z`)).toBe('xyz');
    expect(INERT_OPEN).toHaveLength(1);
    expect(INERT_CLOSE).toHaveLength(1);
    expect(INERT_OPEN).not.toBe(INERT_CLOSE);
  });

  it('round-trips any typed text, wherever it stands', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ unit: 'binary' }), fc.string(), (before, typed, after) => {
        const clean = (s: string) => s.replace(/[\uE000\uE001]/g, '');
        const text = `${clean(before)}${inert(typed)}${clean(after)}`;
        const segments = textSegments(text);
        expect(segments.filter((s) => s.inert).map((s) => s.text).join('')).toBe(typedTextShown(typed));
        expect(segments.map((s) => s.text).join('')).toBe(withoutMarkers(text));
        expect(textSegments(inert(inert(typed)))).toEqual(textSegments(inert(typed)));
      }),
    );
  });
});
