/** Builders for core test data: shown and hidden results from a list of levels. */
import { aggregate } from '../../src/core/aggregate.ts';
import type { Answer } from '../../src/core/answer.ts';
import type { RoundResult, TrendPoint } from '../../src/core/result.ts';
import type { Level } from '../../src/core/scale.ts';

export function resultOf(levels: Level[], extra: Partial<Answer>[] = [], k = 5, statementIds: string[] = []): RoundResult {
  const answers = levels.map((level, i) => ({ level, ratings: {}, ...(extra[i] ?? {}) }));
  return aggregate(answers, { k, statementIds, commentsEnabled: true, shuffle: (xs) => [...xs] });
}

export function pointOf(result: RoundResult, i: number): TrendPoint {
  return { roundId: `r${i}`, closedAt: new Date(Date.UTC(2026, i, 8)), result };
}

export function history(...results: RoundResult[]): TrendPoint[] {
  return results.map((r, i) => pointOf(r, i));
}

export const hidden = (n: number, k = 5): RoundResult => ({ shown: false, n, k });
