/**
 * What the intervention engine (interventions.ts) reads in agreement figures: an
 * agreement most people find unhelpful (revisit it), and one that has helped round
 * after round (make it a habit and close it). Only shown figures count — from k
 * ratings on — so a suggestion never rests on fewer people than a figure would. The
 * thresholds come from content/rules.yaml, calibrated by simulation.
 */
import { countOf, HELPS, opinionsOf, type ShownAgreementFigure } from './agreement-ratings.ts';
import type { Reason, ShownResult, TrendPoint } from './result.ts';

type Params = Reason['params'];

function shownFigures(result: ShownResult | undefined): ShownAgreementFigure[] {
  // Stryker disable next-line ArrayDeclaration: any stand-in element lacks `shown` and is filtered out.
  return (result?.agreements ?? []).filter((f): f is ShownAgreementFigure => f.shown);
}

/**
 * The agreement of the latest round with the largest share of "nee" among those with
 * an opinion, when that share is at least `minShare` and at least `minCount` people
 * said so.
 */
export function unhelpfulAgreement(latest: ShownResult | undefined, minShare: number, minCount: number): Params | null {
  let best: { figure: ShownAgreementFigure; share: number } | undefined;
  for (const figure of shownFigures(latest)) {
    const opinions = opinionsOf(figure);
    const no = figure.counts.no;
    if (opinions === 0 || no < minCount) continue;
    const share = no / opinions;
    // Stryker disable next-line EqualityOperator: with the tolerance, `<` and `<=` differ only within 1e-9 of minShare.
    if (share + 1e-9 < minShare) continue;
    if (!best || share > best.share) best = { figure, share };
  }
  if (!best) return null;
  const { figure } = best;
  return { agreement: figure.id, agreementText: figure.text, count: figure.counts.no, opinions: opinionsOf(figure), percent: Math.round(best.share * 100) };
}

/**
 * The first agreement of the latest round that helped in each of the last `rounds`
 * rounds: every one of them shown, with the agreement's figure shown, and "ja" or "een
 * beetje" from at least `minShare` of those with an opinion.
 */
export function helpedAgreement(history: readonly TrendPoint[], rounds: number, minShare: number): Params | null {
  const last = history.slice(-rounds);
  if (last.length < rounds) return null;
  const latest = last.at(-1)?.result;
  // Stryker disable next-line ConditionalExpression: a latest round not shown has no shown figures, so nothing is found below either.
  if (!latest?.shown) return null;
  const helped = (result: TrendPoint['result'], id: string): boolean => {
    // Stryker disable next-line ConditionalExpression: a round not shown has no shown figures, so `figure` below is undefined either way.
    if (!result.shown) return false;
    const figure = shownFigures(result).find((f) => f.id === id);
    const opinions = figure ? opinionsOf(figure) : 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: `||` between the first two changes nothing, as the share needs both; without a figure `opinions` is 0, and 0 / 0 is NaN, which is never >= minShare; with the tolerance `>=` and `>` differ only within 1e-9.
    return figure !== undefined && opinions > 0 && countOf(figure, HELPS) / opinions + 1e-9 >= minShare;
  };
  const figure = shownFigures(latest).find((f) => last.every((p) => helped(p.result, f.id)));
  return figure ? { agreement: figure.id, agreementText: figure.text, rounds } : null;
}
