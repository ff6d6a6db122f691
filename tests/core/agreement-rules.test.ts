/**
 * The agreement rules on their own: "most find it unhelpful" and "helped three rounds in
 * a row" read shown figures only, name the right agreement, and hold for any ratings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { helpedAgreement, unhelpfulAgreement } from '../../src/core/agreement-rules.ts';
import { AGREEMENT_RATINGS, type AgreementFigure } from '../../src/core/agreement-ratings.ts';
import type { RoundResult, ShownResult } from '../../src/core/result.ts';
import { history, resultOf } from './build.ts';

const counts = fc.record({ no: fc.nat(12), 'a-little': fc.nat(12), yes: fc.nat(12), unsure: fc.nat(4) });
const figure = (id: string) =>
  fc.oneof(
    fc.constant<AgreementFigure>({ id, text: `tekst ${id}`, shown: false }),
    counts.map((c): AgreementFigure => ({ id, text: `tekst ${id}`, shown: true, n: AGREEMENT_RATINGS.reduce((s, r) => s + c[r], 0), counts: c })),
  );
const shownWith = (figures: AgreementFigure[]): ShownResult => {
  const base = resultOf([1, 1, 2, 2, 1]);
  if (!base.shown) throw new Error('expected shown');
  return { ...base, agreements: figures };
};
const opinions = (f: Extract<AgreementFigure, { shown: true }>) => f.counts.no + f.counts['a-little'] + f.counts.yes;

describe('an agreement most find unhelpful', () => {
  it('is the shown one with the largest share of "nee" among opinions, from minShare and minCount on', () => {
    fc.assert(
      fc.property(fc.tuple(figure('a'), figure('b'), figure('c')), fc.constantFrom(0.5, 0.6), fc.integer({ min: 1, max: 4 }), (figures, minShare, minCount) => {
        const found = unhelpfulAgreement(shownWith(figures), minShare, minCount);
        const qualifying = figures.flatMap((f) => (f.shown && opinions(f) > 0 && f.counts.no >= minCount && f.counts.no / opinions(f) >= minShare ? [f] : []));
        if (qualifying.length === 0) {
          expect(found).toBeNull();
          return;
        }
        const best = Math.max(...qualifying.map((f) => f.counts.no / opinions(f)));
        const named = qualifying.find((f) => f.id === found?.agreement);
        expect(named).toBeDefined();
        expect(named!.counts.no / opinions(named!)).toBe(best);
        expect(found).toMatchObject({ agreementText: named!.text, count: named!.counts.no, opinions: opinions(named!), percent: Math.round(best * 100) });
      }),
    );
  });

  it('is never one whose rating was not shown, and never in a round without agreements', () => {
    expect(unhelpfulAgreement(shownWith([{ id: 'a', text: 'x', shown: false }]), 0.01, 1)).toBeNull();
    expect(unhelpfulAgreement(shownWith([]), 0.5, 1)).toBeNull();
    expect(unhelpfulAgreement(undefined, 0.5, 1)).toBeNull();
    // Only "weet ik niet": no opinion at all, so nobody says it does not help.
    expect(unhelpfulAgreement(shownWith([{ id: 'a', text: 'x', shown: true, n: 6, counts: { no: 0, 'a-little': 0, yes: 0, unsure: 6 } }]), 0.5, 0 + 1)).toBeNull();
  });
});

describe('an agreement that helped', () => {
  const helps = (id: string, yes: number, no: number): AgreementFigure => ({ id, text: `tekst ${id}`, shown: true, n: yes + no, counts: { no, 'a-little': 0, yes, unsure: 0 } });

  it('helped in each of the last three rounds: every one shown, its figure shown and helpful enough', () => {
    const good = shownWith([helps('a', 8, 1), helps('b', 5, 5)]);
    expect(helpedAgreement(history(good, good, good), 3, 0.8)).toEqual({ agreement: 'a', agreementText: 'tekst a', rounds: 3 });
    expect(helpedAgreement(history(good, good), 3, 0.8)).toBeNull();
    const hidden: RoundResult = { shown: false, n: 3, k: 5 };
    expect(helpedAgreement(history(good, hidden, good), 3, 0.8)).toBeNull();
    const notAsked = shownWith([helps('b', 5, 5)]);
    expect(helpedAgreement(history(good, notAsked, good), 3, 0.8)).toBeNull();
    const tooFew = shownWith([{ id: 'a', text: 'tekst a', shown: false }]);
    expect(helpedAgreement(history(good, tooFew, good), 3, 0.8)).toBeNull();
    // Helpful before, not now: nothing to close.
    const worse = shownWith([helps('a', 6, 4)]);
    expect(helpedAgreement(history(good, good, worse), 3, 0.8)).toBeNull();
    // Longer histories count the last three only.
    expect(helpedAgreement(history(worse, good, good, good), 3, 0.8)?.agreement).toBe('a');
  });

  it('counts "een beetje" as helping and leaves "weet ik niet" out', () => {
    const mixed: AgreementFigure = { id: 'a', text: 't', shown: true, n: 12, counts: { no: 1, 'a-little': 6, yes: 2, unsure: 3 } };
    const round = shownWith([mixed]);
    // 8 of 9 with an opinion say it helps.
    expect(helpedAgreement(history(round, round, round), 3, 0.8)?.agreement).toBe('a');
    expect(helpedAgreement(history(round, round, round), 3, 0.9)).toBeNull();
  });
});

describe('the agreement rules at their edges', () => {
  const rated = (id: string, counts: { no: number; 'a-little': number; yes: number; unsure: number }): AgreementFigure => ({
    id,
    text: `tekst ${id}`,
    shown: true,
    n: counts.no + counts['a-little'] + counts.yes + counts.unsure,
    counts,
  });

  it('names nobody unhelpful without an opinion, even when no minimum count is asked', () => {
    expect(unhelpfulAgreement(shownWith([rated('a', { no: 0, 'a-little': 0, yes: 0, unsure: 5 })]), 0.5, 0)).toBeNull();
  });

  it('names the one with the largest share of "nee", wherever it stands', () => {
    const some = { no: 3, 'a-little': 1, yes: 1, unsure: 0 };
    const most = { no: 4, 'a-little': 0, yes: 1, unsure: 0 };
    expect(unhelpfulAgreement(shownWith([rated('a', some), rated('b', most)]), 0.5, 1)?.agreement).toBe('b');
  });

  it('names the first of two agreements equally unhelpful', () => {
    const same = { no: 4, 'a-little': 1, yes: 1, unsure: 0 };
    expect(unhelpfulAgreement(shownWith([rated('a', same), rated('b', same)]), 0.5, 1)?.agreement).toBe('a');
    expect(unhelpfulAgreement(shownWith([rated('b', same), rated('a', same)]), 0.5, 1)?.agreement).toBe('b');
  });

  it('counts helping at exactly the share asked', () => {
    // 2 of 4 with an opinion: exactly one half.
    const half = shownWith([rated('a', { no: 2, 'a-little': 1, yes: 1, unsure: 0 })]);
    expect(helpedAgreement(history(half, half), 2, 0.5)?.agreement).toBe('a');
  });

  it('does not count a round whose figure holds only "weet ik niet" as one that helped', () => {
    const good = shownWith([rated('a', { no: 0, 'a-little': 2, yes: 4, unsure: 0 })]);
    const unsure = shownWith([rated('a', { no: 0, 'a-little': 0, yes: 0, unsure: 6 })]);
    expect(helpedAgreement(history(unsure, good), 2, 0.5)).toBeNull();
  });

  it('looks for the agreement by its own id in every round, not at whichever figure comes first', () => {
    const earlier = shownWith([rated('b', { no: 0, 'a-little': 0, yes: 6, unsure: 0 }), rated('a', { no: 6, 'a-little': 0, yes: 0, unsure: 0 })]);
    const latest = shownWith([rated('a', { no: 0, 'a-little': 0, yes: 6, unsure: 0 }), rated('b', { no: 0, 'a-little': 0, yes: 6, unsure: 0 })]);
    expect(helpedAgreement(history(earlier, latest), 2, 0.8)?.agreement).toBe('b');
  });

  it('takes the order of the latest round, not of an earlier one', () => {
    const yes = { no: 0, 'a-little': 0, yes: 6, unsure: 0 };
    const first = shownWith([rated('a', yes), rated('b', yes)]);
    const middle = shownWith([rated('b', yes), rated('a', yes)]);
    expect(helpedAgreement(history(first, middle, first), 3, 0.8)?.agreement).toBe('a');
  });

  it('finds nothing in an empty history, however few rounds are asked for', () => {
    expect(helpedAgreement([], 0, 0.5)).toBeNull();
  });
});
