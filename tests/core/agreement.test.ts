/** The agreement model: what typed text becomes, what is refused, and which agreements a round asks about. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGREEMENT_OWNER_MAX, AGREEMENT_TEXT_MAX, agreementOwner, agreementsToAsk, agreementText, assertMayAddAgreement, MAX_OPEN_AGREEMENTS, typedLine, type Agreement } from '../../src/core/agreement.ts';
import { DomainError } from '../../src/core/errors.ts';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'other';
  }
};

function anAgreement(overrides: Partial<Agreement> = {}): Agreement {
  return { id: 'a', networkId: 'n', text: 'x', owner: null, sourceItem: null, afterRoundId: null, status: 'open', createdAt: new Date('2026-01-01T00:00:00Z'), closedAt: null, ...overrides };
}

describe('agreement text', () => {
  it('is kept as typed, markup and all, on one line without invisible characters', () => {
    expect(agreementText('  Elke maand\n een *casus*   bespreken <!channel> ')).toBe('Elke maand een *casus* bespreken <!channel>');
    // Zero-width characters, bidi overrides and the markers typed text is wrapped in.
    expect(agreementText('We\u200B bellen\u202E elkaar \uE000op\uE001')).toBe('We bellen elkaar op');
  });

  it('is refused when empty, only whitespace or invisible, or longer than 280 characters', () => {
    expect(codeOf(() => agreementText(''))).toBe('agreement_empty');
    expect(codeOf(() => agreementText(' \n\t\u200B '))).toBe('agreement_empty');
    expect(codeOf(() => agreementText(undefined))).toBe('agreement_empty');
    expect(codeOf(() => agreementText('a'.repeat(AGREEMENT_TEXT_MAX)))).toBeUndefined();
    expect(codeOf(() => agreementText('a'.repeat(AGREEMENT_TEXT_MAX + 1)))).toBe('agreement_too_long');
  });

  it('never comes back longer than the limit or with whitespace at its ends', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'grapheme' }), (typed) => {
        let text: string;
        try {
          text = agreementText(typed);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          return;
        }
        expect(text.length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(AGREEMENT_TEXT_MAX);
        expect(text).toBe(text.trim());
        expect(text).not.toMatch(/[\p{Cf}\p{Cc}\p{Co}]|\s{2}/u);
      }),
    );
  });
});

describe('owner', () => {
  it('is optional free text, and refused when longer than 80 characters', () => {
    expect(agreementOwner('')).toBeNull();
    expect(agreementOwner('   ')).toBeNull();
    expect(agreementOwner(' werkgroep  onderwijs ')).toBe('werkgroep onderwijs');
    expect(codeOf(() => agreementOwner('x'.repeat(AGREEMENT_OWNER_MAX + 1)))).toBe('agreement_owner_too_long');
  });
});

describe('open agreements', () => {
  it('are at most 20: the 21st is refused', () => {
    expect(codeOf(() => assertMayAddAgreement(MAX_OPEN_AGREEMENTS - 1))).toBeUndefined();
    expect(codeOf(() => assertMayAddAgreement(MAX_OPEN_AGREEMENTS))).toBe('too_many_agreements');
  });

  it('a round asks about the three newest open ones, newest first, never a closed one', () => {
    const day = (d: number) => new Date(Date.UTC(2026, 0, d));
    const list = [
      anAgreement({ id: 'oldest', createdAt: day(1) }),
      anAgreement({ id: 'done', createdAt: day(9), status: 'done', closedAt: day(10) }),
      anAgreement({ id: 'second', createdAt: day(5) }),
      anAgreement({ id: 'newest', createdAt: day(8) }),
      anAgreement({ id: 'third', createdAt: day(3) }),
      anAgreement({ id: 'dropped', createdAt: day(7), status: 'dropped', closedAt: day(8) }),
    ];
    expect(agreementsToAsk(list).map((a) => a.id)).toEqual(['newest', 'second', 'third']);
    expect(agreementsToAsk(list.slice(0, 2)).map((a) => a.id)).toEqual(['oldest']);
    expect(agreementsToAsk([])).toEqual([]);
  });
});

describe('typed text at its edges', () => {
  /** The DomainError a call throws, for its code and the figures the reply names. */
  const thrown = (fn: () => unknown): DomainError => {
    try {
      fn();
    } catch (error) {
      if (error instanceof DomainError) return error;
    }
    throw new Error('expected a DomainError');
  };

  it('closes the gap an invisible character leaves between two spaces', () => {
    expect(typedLine('samen \u200B verder')).toBe('samen verder');
    expect(typedLine('samen \u202E\u200D verder')).toBe('samen verder');
  });

  it('tells how long an agreement may be and how long it was, and how many may stay open', () => {
    expect(thrown(() => agreementText('x'.repeat(AGREEMENT_TEXT_MAX + 3))).params).toEqual({ max: AGREEMENT_TEXT_MAX, length: AGREEMENT_TEXT_MAX + 3 });
    expect(thrown(() => agreementOwner('x'.repeat(AGREEMENT_OWNER_MAX + 1))).params).toEqual({ max: AGREEMENT_OWNER_MAX });
    expect(thrown(() => assertMayAddAgreement(MAX_OPEN_AGREEMENTS)).params).toEqual({ max: MAX_OPEN_AGREEMENTS });
  });

  it('takes an owner of exactly the longest length', () => {
    expect(agreementOwner('x'.repeat(AGREEMENT_OWNER_MAX))).toBe('x'.repeat(AGREEMENT_OWNER_MAX));
  });
});
