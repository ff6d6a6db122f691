/**
 * Aggregation with the anonymity threshold (DESIGN.md promise 4). Below k a round
 * yields its count and nothing else. From k on: the distribution, median and mean
 * level, the spread, statement means (each statement again only from k ratings),
 * group figures under complementary suppression, shuffled comments, and how the asked
 * agreements were rated (again only from k ratings each).
 */
import { agreementFigures, type AskedAgreement } from './agreement-ratings.ts';
import type { Answer } from './answer.ts';
import { K_MIN } from './network.ts';
import { GROUP_DIMENSIONS, type GroupDimension, type GroupFigure, type GroupFigures, type RoundResult, type Spread, type StatementFigure } from './result.ts';
import { LEVELS, type Level } from './scale.ts';
import { mean, median, stdDev } from './stats.ts';

export interface AggregateOptions {
  k: number;
  statementIds: readonly string[];
  commentsEnabled: boolean;
  shuffle: <T>(items: readonly T[]) => T[];
  /** The agreements the round asked about, in the order asked. */
  agreements?: readonly AskedAgreement[];
}

/** Never below 3, whatever a network configured. */
export function effectiveK(k: number): number {
  return Math.max(K_MIN, Math.floor(k));
}

/** Spread is "wide" when answers are two or more levels apart (1 next to 3, 2 next to 4). */
export const WIDE_SPREAD_RANGE = 2;

export function aggregate(answers: readonly Answer[], options: AggregateOptions): RoundResult {
  const k = effectiveK(options.k);
  const n = answers.length;
  if (n < k) return { shown: false, n, k };

  // Sorted, so every figure depends on the answers only, never on the order they were
  // read in: floating-point sums in another order differ in their last bits.
  const levels = answers.map((a) => a.level).sort((a, b) => a - b);
  const counts = { 1: 0, 2: 0, 3: 0, 4: 0 } as Record<Level, number>;
  for (const level of levels) counts[level] += 1;
  const shares = { 1: counts[1] / n, 2: counts[2] / n, 3: counts[3] / n, 4: counts[4] / n } as Record<Level, number>;
  const min = Math.min(...levels) as Level;
  const max = Math.max(...levels) as Level;
  const spread: Spread = { stdDev: stdDev(levels), min, max, wide: max - min >= WIDE_SPREAD_RANGE };

  return {
    shown: true,
    n,
    k,
    counts,
    shares,
    median: median(levels),
    mean: mean(levels),
    spread,
    statements: statementFigures(answers, options.statementIds, k),
    groups: groupFigures(answers, k),
    comments: options.commentsEnabled ? options.shuffle(answers.flatMap((a) => (a.comment ? [a.comment] : []))) : [],
    // Overall only, like statements: no figure per group (promise 4).
    ...(options.agreements && options.agreements.length > 0 ? { agreements: agreementFigures(answers, options.agreements, k) } : {}),
  };
}

function statementFigures(answers: readonly Answer[], ids: readonly string[], k: number): StatementFigure[] {
  const figures: StatementFigure[] = [];
  for (const id of ids) {
    const ratings = answers.flatMap((a) => (a.ratings[id] === undefined ? [] : [a.ratings[id]]));
    if (ratings.length >= k) figures.push({ id, n: ratings.length, mean: mean(ratings) });
  }
  return figures;
}

/**
 * Group figures for every dimension (DESIGN.md promise 4).
 *
 * What a group shows. The threat is a reader who knows every respondent's domain and
 * tier (colleagues often do) and combines everything one post publishes. Such a reader
 * can single out any combination of groups ("the two education board members"), so a
 * figure is safe only if it narrows down the answers of no such set of fewer than k
 * people beyond what the overall distribution already allows. A group's distribution
 * fails at once: subtracting the shown groups from the total gives the hidden remainder
 * exactly. A group's median fails too, even with complementary suppression: a median
 * is a lower bound on how many answers sit at or below (and at or above) it, and when
 * a level is scarce overall the bound says where it is not. With k = 5, ten answers
 * (three at level 1, seven at level 4) and education (5 people) at median 1, all three
 * 1s are in education, so the five people in hidden groups all chose conflict; and a
 * median of 1.5 fixes exactly how many of a group's answers lie below the middle. The
 * brute-force test (tests/core/inference.test.ts) finds such cases in many small
 * rounds. Hiding a median only when it would leak does not help either: the hiding
 * itself says which medians were possible. So whether medians are shown depends only
 * on what that reader knows already (how many people are in each combination of
 * groups), never on the answers:
 * - a median is shown only when every combination of groups over all dimensions
 *   (domain × tier, "not stated" included) holds no one or at least k people — then no
 *   set of fewer than k people can be singled out at all, and every group has k or more;
 * - otherwise a shown group gives its number of responses only, which such a reader
 *   knows already; for anyone else, complementary suppression keeps the participation
 *   of fewer than k people out of sight.
 */
export function groupFigures(answers: readonly Answer[], k: number): Record<GroupDimension, GroupFigures> {
  const withMedians = everyCombinationReachesK(answers, k);
  const entries = GROUP_DIMENSIONS.map((dimension) => [dimension, dimensionFigures(answers, dimension, k, withMedians)] as const);
  return Object.fromEntries(entries) as Record<GroupDimension, GroupFigures>;
}

/** True when every combination of groups over all dimensions holds 0 or at least k answers. */
export function everyCombinationReachesK(answers: readonly Answer[], k: number): boolean {
  const cells = new Map<string, number>();
  for (const answer of answers) {
    // "Not stated" is a value of its own: those people are a group a reader can form too.
    const key = JSON.stringify(GROUP_DIMENSIONS.map((d) => answer[d] ?? null));
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  return [...cells.values()].every((n) => n >= k);
}

/**
 * One dimension, with complementary suppression: a group below k is hidden, people who
 * stated no group count as hidden, and when the hidden people together are fewer than
 * k, the smallest shown group is hidden as well (it has k or more, so one is enough).
 * What stays hidden together is then nobody or at least k people.
 */
function dimensionFigures(answers: readonly Answer[], dimension: GroupDimension, k: number, withMedians: boolean): GroupFigures {
  const byGroup = new Map<string, Level[]>();
  for (const answer of answers) {
    const group = answer[dimension];
    if (group === undefined) continue;
    const list = byGroup.get(group) ?? [];
    list.push(answer.level);
    byGroup.set(group, list);
  }
  const passing = [...byGroup.entries()]
    .filter(([, levels]) => levels.length >= k)
    .sort(([a, x], [b, y]) => x.length - y.length || a.localeCompare(b));
  const hiddenPeople = answers.length - passing.reduce((sum, [, levels]) => sum + levels.length, 0);
  if (hiddenPeople > 0 && hiddenPeople < k) passing.shift();

  const shown = passing
    .map(([group, levels]): GroupFigure => (withMedians ? { group, n: levels.length, median: median(levels) } : { group, n: levels.length }))
    .sort((a, b) => a.group.localeCompare(b.group));
  return { shown, hidden: byGroup.size - shown.length };
}

/** The most chosen level; ties go to the warmer (higher) level, the one to act on. */
export function prevailingLevel(counts: Record<Level, number>): Level {
  let best: Level = 1;
  for (const level of LEVELS) if (counts[level] >= counts[best]) best = level;
  return best;
}
