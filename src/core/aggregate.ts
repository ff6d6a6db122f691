/**
 * Aggregation with the anonymity threshold (DESIGN.md promise 4). Below k a round
 * yields its count and nothing else. From k on: the distribution, median and mean
 * level, the spread, statement means (each statement again only from k ratings),
 * domain/level groups that pass k and the subtraction rule, and shuffled comments.
 */
import type { Answer } from './answer.ts';
import { K_MIN } from './network.ts';
import type { GroupDimension, GroupFigure, RoundResult, Spread, StatementFigure } from './result.ts';
import { LEVELS, type Level } from './scale.ts';
import { mean, median, stdDev } from './stats.ts';

export interface AggregateOptions {
  k: number;
  statementIds: readonly string[];
  commentsEnabled: boolean;
  shuffle: <T>(items: readonly T[]) => T[];
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

  const levels = answers.map((a) => a.level);
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
    groups: {
      domain: groupFigures(answers, 'domain', k),
      orgLevel: groupFigures(answers, 'orgLevel', k),
    },
    comments: options.commentsEnabled ? options.shuffle(answers.flatMap((a) => (a.comment ? [a.comment] : []))) : [],
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
 * Groups of one dimension. People who did not state a group form a group of their own
 * ("not stated") for the subtraction reasoning: it is never shown, but if it were the
 * only hidden group, total minus the shown groups would reveal exactly its answers.
 * So when exactly one group is hidden while others are shown, the smallest shown group
 * is hidden too; two hidden groups can only be seen together, never apart.
 */
export function groupFigures(answers: readonly Answer[], dimension: GroupDimension, k: number): { shown: GroupFigure[]; hidden: number } {
  const byGroup = new Map<string, Level[]>();
  let notStated = 0;
  for (const answer of answers) {
    const group = answer[dimension];
    if (group === undefined) {
      notStated += 1;
      continue;
    }
    const list = byGroup.get(group) ?? [];
    list.push(answer.level);
    byGroup.set(group, list);
  }
  // Nobody stated a group: there is nothing to show per group.
  if (byGroup.size === 0) return { shown: [], hidden: 0 };

  const passing = [...byGroup.entries()]
    .filter(([, levels]) => levels.length >= k)
    .map(([group, levels]) => ({ group, n: levels.length, median: median(levels) }))
    .sort((a, b) => a.n - b.n || a.group.localeCompare(b.group));
  let hiddenGroups = byGroup.size - passing.length + (notStated > 0 ? 1 : 0);
  if (hiddenGroups === 1 && passing.length > 0) {
    passing.shift();
    hiddenGroups += 1;
  }
  // A single shown group with everything else hidden: the rest is one lump of ≥ 2
  // groups or nothing, so showing it reveals no individual group.
  const shown = passing.sort((a, b) => a.group.localeCompare(b.group));
  return { shown, hidden: byGroup.size - shown.length };
}

/** The most chosen level; ties go to the warmer (higher) level, the one to act on. */
export function prevailingLevel(counts: Record<Level, number>): Level {
  let best: Level = 1;
  for (const level of LEVELS) if (counts[level] >= counts[best]) best = level;
  return best;
}
