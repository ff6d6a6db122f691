/**
 * Whether an agreement helps (the answer form's `app.answer_form.agreement`): how respondents rate an agreement the round asks about,
 * and what a closed round shows of it. A rating is part of the anonymous answer (stored
 * with it, never with a person) and is shown like a statement: for the round as a
 * whole only — never per domain, tier or channel — and only from k ratings on
 * (DESIGN.md promise 4). "Weet ik niet" counts as a rating; it is no opinion.
 */
import type { Answer } from './answer.ts';

export const AGREEMENT_RATINGS = ['no', 'a-little', 'yes', 'unsure'] as const;
/** nee / een beetje / ja / weet ik niet. */
export type AgreementRating = (typeof AGREEMENT_RATINGS)[number];
/** The ratings that give an opinion (all but "weet ik niet"). */
export const OPINIONS: readonly AgreementRating[] = ['no', 'a-little', 'yes'];
/** The ratings that say it helps. */
export const HELPS: readonly AgreementRating[] = ['a-little', 'yes'];

export function isAgreementRating(value: unknown): value is AgreementRating {
  return (AGREEMENT_RATINGS as readonly unknown[]).includes(value);
}

/** An agreement as a round asks about it: its text as it stood when the round opened. */
export interface AskedAgreement {
  id: string;
  text: string;
}

/** What a closed round shows of one agreement it asked about. */
export type AgreementFigure =
  /** Fewer than k people rated it: nothing but that it was asked. */
  | { id: string; text: string; shown: false }
  | { id: string; text: string; shown: true; n: number; counts: Record<AgreementRating, number> };

export type ShownAgreementFigure = Extract<AgreementFigure, { shown: true }>;

/** The figures of every asked agreement, in the order asked; each shown only from k ratings. */
export function agreementFigures(answers: readonly Answer[], asked: readonly AskedAgreement[], k: number): AgreementFigure[] {
  return asked.map(({ id, text }): AgreementFigure => {
    const counts: Record<AgreementRating, number> = { no: 0, 'a-little': 0, yes: 0, unsure: 0 };
    let n = 0;
    for (const answer of answers) {
      const rating = answer.agreementRatings?.[id];
      if (rating === undefined) continue;
      counts[rating] += 1;
      n += 1;
    }
    return n >= k ? { id, text, shown: true, n, counts } : { id, text, shown: false };
  });
}

/** How many of a figure's ratings are one of `ratings`. */
export function countOf(figure: ShownAgreementFigure, ratings: readonly AgreementRating[]): number {
  return ratings.reduce((sum, r) => sum + figure.counts[r], 0);
}

/** Those who gave an opinion, "weet ik niet" left out. */
export function opinionsOf(figure: ShownAgreementFigure): number {
  return countOf(figure, OPINIONS);
}
