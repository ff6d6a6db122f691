/**
 * The bridge from the use cases to core's pure analysis: the final aggregate of a
 * round, the trend over closed rounds, the suggested interventions and the
 * conversation prompt. Everything here is computed from stored results, so a results
 * post can be rebuilt identically after a restart.
 */
import { aggregate } from '../core/aggregate.ts';
import type { Answer } from '../core/answer.ts';
import { evaluateRules } from '../core/interventions.ts';
import type { NetworkSettings } from '../core/network.ts';
import type { Random } from '../core/ports.ts';
import { nextPrompt } from '../core/prompt-rotation.ts';
import { shuffle } from '../core/shuffle.ts';
import type { RoundResult, Suggestion, Trend, TrendPoint } from '../core/result.ts';
import type { Repositories, StoredRound } from '../core/store-port.ts';
import { trend } from '../core/trend.ts';
import type { Content } from '../content/load.ts';
import type { Prompt } from '../content/schema.ts';
import { statementIds } from './answer-input.ts';

export const TREND_ROUNDS = 12;

export function finalResult(content: Content, round: Pick<StoredRound, 'k' | 'instrument'>, settings: NetworkSettings, answers: Answer[], random: Random): RoundResult {
  return aggregate(answers, {
    k: round.k,
    statementIds: statementIds(content, round.instrument),
    commentsEnabled: settings.commentsEnabled,
    shuffle: <T>(items: readonly T[]) => shuffle(items, () => random.float()),
  });
}

export function toPoint(round: StoredRound): TrendPoint | undefined {
  if (round.status !== 'closed' || !round.result || !round.closedAt) return undefined;
  return { roundId: round.id, closedAt: round.closedAt, result: round.result };
}

/** Closed rounds of a network, oldest first, ending at `upTo` (a round id) when given. */
export async function trendPoints(store: Pick<Repositories, 'rounds'>, networkId: string, options: { upTo?: string; limit?: number } = {}): Promise<TrendPoint[]> {
  const limit = options.limit ?? TREND_ROUNDS;
  // Newest first from the store; cut everything after `upTo`.
  let closed = await store.rounds.closedFor(networkId, 10_000);
  if (options.upTo) {
    const at = closed.findIndex((r) => r.id === options.upTo);
    closed = at === -1 ? [] : closed.slice(at);
  }
  return closed
    .slice(0, limit)
    .map(toPoint)
    .filter((p): p is TrendPoint => p !== undefined)
    .reverse();
}

export function trendOf(points: TrendPoint[]): Trend {
  return trend(points);
}

function statementTips(content: Content): Record<string, string[]> {
  const tips: Record<string, string[]> = {};
  for (const instrument of content.instruments.values()) for (const s of instrument.statements) tips[s.id] = s.tips;
  return tips;
}

/**
 * Every suggestion for the latest point of `points`, best first. Below k only the rules
 * that read nothing but response counts can fire (participation, the threshold itself),
 * so a hidden round still gets useful advice and reveals nothing new.
 */
export function suggestionsFor(content: Content, points: TrendPoint[]): Suggestion[] {
  if (points.length === 0) return [];
  // Already best first; the results post shows the top three, the button all of them.
  return evaluateRules(content.rules, { history: points, statementTips: statementTips(content) });
}

/**
 * The conversation prompt for a closing round: rotated, or the monitor questions when
 * tension clearly rose or eased — by the same rules the post's headline follows, so the
 * questions about the figures come when the figures changed, not on every wobble.
 */
export function choosePrompt(content: Content, used: string[], points: TrendPoint[]): Prompt | undefined {
  const keys = new Set(suggestionsFor(content, points).map((s) => s.reason.key));
  const direction = keys.has('reason.rising-tension') ? 'rising' : keys.has('reason.easing-tension') ? 'falling' : 'steady';
  return nextPrompt(content.prompts, { used, trend: { direction } });
}
