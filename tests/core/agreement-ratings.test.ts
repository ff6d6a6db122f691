/**
 * How a round shows the rating of its agreements: from k ratings per agreement only,
 * counts that add up, for the round as a whole (never per group), and the same whatever
 * order the answers were stored in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/core/aggregate.ts';
import { AGREEMENT_RATINGS, agreementFigures, type AgreementRating, type AskedAgreement } from '../../src/core/agreement-ratings.ts';
import type { Answer } from '../../src/core/answer.ts';
import { DomainError } from '../../src/core/errors.ts';
import { validateAnswer } from '../../src/core/answer.ts';
import type { Level } from '../../src/core/scale.ts';

const ASKED: AskedAgreement[] = [
  { id: 'a1', text: 'Elke maand een casus bespreken' },
  { id: 'a2', text: 'Bellen voor we mailen' },
];
const rating = fc.constantFrom<AgreementRating>(...AGREEMENT_RATINGS);
const answer: fc.Arbitrary<Answer> = fc.record({
  level: fc.constantFrom<Level>(1, 2, 3, 4),
  ratings: fc.constant({}),
  domain: fc.constantFrom('education' as const, 'municipality' as const),
  agreementRatings: fc.record({ a1: rating, a2: rating }, { requiredKeys: [] }),
});
const options = (k: number) => ({ k, statementIds: [], commentsEnabled: false, shuffle: <T>(xs: readonly T[]) => [...xs], agreements: ASKED });

describe('agreement figures', () => {
  it('show an agreement only from k ratings, with counts that add up to the ratings given', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 8 }), fc.array(answer, { maxLength: 30 }), (k, answers) => {
        const figures = agreementFigures(answers, ASKED, k);
        expect(figures.map((f) => [f.id, f.text])).toEqual(ASKED.map((a) => [a.id, a.text]));
        for (const figure of figures) {
          const given = answers.filter((a) => a.agreementRatings?.[figure.id] !== undefined);
          expect(figure.shown).toBe(given.length >= k);
          if (!figure.shown) {
            expect(Object.keys(figure).sort()).toEqual(['id', 'shown', 'text']);
            continue;
          }
          expect(figure.n).toBe(given.length);
          for (const r of AGREEMENT_RATINGS) expect(figure.counts[r]).toBe(given.filter((a) => a.agreementRatings?.[figure.id] === r).length);
        }
      }),
    );
  });

  it('are part of a shown result only, never of a round below k, and never per group', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 6 }), fc.array(answer, { maxLength: 20 }), (k, answers) => {
        const result = aggregate(answers, options(k));
        if (!result.shown) {
          expect(result).toEqual({ shown: false, n: answers.length, k });
          return;
        }
        expect(result.agreements).toEqual(agreementFigures(answers, ASKED, result.k));
        // The rest of the result is what it is without agreements: nothing per group changes.
        const { agreements: _figures, ...rest } = result;
        const without = aggregate(answers.map(({ agreementRatings: _r, ...a }) => a), { ...options(k), agreements: [] });
        expect(rest).toEqual(without);
        expect(JSON.stringify(result.groups)).not.toContain('a1');
      }),
    );
  });

  it('do not depend on the order answers are stored in', () => {
    fc.assert(
      fc.property(fc.array(answer, { minLength: 5, maxLength: 20 }).chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length }))), ([answers, shuffled]) => {
        expect(agreementFigures(shuffled, ASKED, 5)).toEqual(agreementFigures(answers, ASKED, 5));
      }),
    );
  });

  it('a round that asked about nothing carries no agreements at all', () => {
    const answers = Array.from({ length: 6 }, (): Answer => ({ level: 2, ratings: {} }));
    expect(aggregate(answers, { ...options(5), agreements: [] })).not.toHaveProperty('agreements');
  });
});

describe('an answer with agreement ratings', () => {
  const rules = { statementIds: [], commentsEnabled: true, agreementIds: ['a1'] };

  it('keeps ratings of the agreements the round asks about, and nothing when none was given', () => {
    expect(validateAnswer({ level: 2, agreementRatings: { a1: 'a-little' } }, rules)).toEqual({ level: 2, ratings: {}, agreementRatings: { a1: 'a-little' } });
    expect(validateAnswer({ level: 2, agreementRatings: {} }, rules)).toEqual({ level: 2, ratings: {} });
  });

  it('refuses an agreement the round does not ask about, and a rating off the scale', () => {
    const code = (input: Record<string, unknown>) => {
      try {
        validateAnswer({ level: 2, agreementRatings: input }, rules);
        return undefined;
      } catch (error) {
        return (error as DomainError).code;
      }
    };
    expect(code({ other: 'yes' })).toBe('unknown_agreement');
    expect(code({ a1: 'maybe' })).toBe('agreement_rating_out_of_range');
    expect(code({ a1: 3 })).toBe('agreement_rating_out_of_range');
    expect(code({ ['__proto__']: 'yes' })).toBe('unknown_agreement');
  });
});
