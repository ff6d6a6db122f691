/**
 * The intervention engine: evaluates the rules from content against the history of
 * closed rounds and returns suggestions with a reason (locale key + parameters) and
 * the content items to suggest. Pure; the switch over rule kinds is exhaustive, so a
 * new kind of rule does not build until it has a meaning here.
 */
import { prevailingLevel } from './aggregate.ts';
import type { Reason, ShownResult, Suggestion, TrendPoint } from './result.ts';
import type { Rule } from './rule.ts';
import { LEVELS, type Level } from './scale.ts';
import { mean, round } from './stats.ts';

export interface RuleInput {
  /** Closed rounds, oldest first; the last is the round the suggestions are for. */
  history: readonly TrendPoint[];
  /** Statement id → tip item ids, for the weakest-statement rule. */
  statementTips: Readonly<Record<string, readonly string[]>>;
}

type Fired = { reason: Reason; extraItems?: readonly string[] } | null;

export function evaluateRules(rules: readonly Rule[], input: RuleInput): Suggestion[] {
  const suggestions: Suggestion[] = [];
  for (const rule of rules) {
    const fired = evaluate(rule, input);
    if (!fired) continue;
    const items = [...new Set([...rule.suggest, ...(fired.extraItems ?? [])])];
    suggestions.push({ ruleId: rule.id, priority: rule.priority, reason: fired.reason, items, source: rule.source });
  }
  // Array.prototype.sort is stable: equal priorities keep the rules' content order.
  return suggestions.sort((a, b) => b.priority - a.priority);
}

export function topSuggestions(suggestions: readonly Suggestion[], n = 3): Suggestion[] {
  return [...suggestions].sort((a, b) => b.priority - a.priority).slice(0, n);
}

function shownAt(history: readonly TrendPoint[], fromEnd: number): ShownResult | undefined {
  const result = history.at(-fromEnd)?.result;
  return result?.shown ? result : undefined;
}

function reason(kind: Rule['kind'], params: Reason['params']): Reason {
  return { key: `reason.${kind}`, params };
}

function evaluate(rule: Rule, { history, statementTips }: RuleInput): Fired {
  const latest = shownAt(history, 1);
  const previous = shownAt(history, 2);
  switch (rule.kind) {
    case 'prevailing-level': {
      if (!latest || prevailingLevel(latest.counts) !== rule.level) return null;
      return { reason: reason(rule.kind, { level: rule.level, count: latest.counts[rule.level], n: latest.n }) };
    }
    case 'median-rise': {
      if (!latest || !previous || latest.median - previous.median < rule.minDelta) return null;
      const level = risenLevel(latest, previous);
      return {
        reason: reason(rule.kind, {
          fromMedian: previous.median,
          toMedian: latest.median,
          level,
          count: latest.counts[level],
          previousCount: previous.counts[level],
          n: latest.n,
        }),
      };
    }
    case 'wide-spread': {
      if (!latest?.spread.wide) return null;
      return { reason: reason(rule.kind, { minLevel: latest.spread.min, maxLevel: latest.spread.max, n: latest.n }) };
    }
    case 'weakest-statement': {
      if (!latest || latest.statements.length === 0) return null;
      const weakest = latest.statements.reduce((low, s) => (s.mean < low.mean ? s : low));
      if (weakest.mean >= rule.below) return null;
      return { reason: reason(rule.kind, { statement: weakest.id, mean: weakest.mean.toFixed(1) }), extraItems: statementTips[weakest.id] ?? [] };
    }
    case 'participation-drop': {
      const current = history.at(-1);
      const before = history.slice(-1 - rule.window, -1);
      if (!current || before.length < rule.window) return null;
      const previousMean = mean(before.map((p) => p.result.n));
      if (previousMean <= 0 || current.result.n > previousMean * (1 - rule.minDropShare)) return null;
      return {
        reason: reason(rule.kind, {
          n: current.result.n,
          previousMean: round(previousMean, 1),
          dropPercent: Math.round((1 - current.result.n / previousMean) * 100),
        }),
      };
    }
    case 'network-dip': {
      const dip = networkDip(history, rule.minRounds);
      return dip ? { reason: reason(rule.kind, dip) } : null;
    }
    case 'group-difference': {
      // Only groups whose median may be shown (see groupFigures) can be compared.
      const groups = (latest?.groups[rule.dimension].shown ?? []).flatMap((g) => (g.median === undefined ? [] : [{ group: g.group, median: g.median }]));
      if (groups.length < 2) return null;
      const high = groups.reduce((a, b) => (b.median > a.median ? b : a));
      const low = groups.reduce((a, b) => (b.median < a.median ? b : a));
      if (high.median - low.median < rule.minDiff) return null;
      return {
        reason: reason(rule.kind, { dimension: rule.dimension, highGroup: high.group, highMedian: high.median, lowGroup: low.group, lowMedian: low.median }),
      };
    }
    case 'calm-streak': {
      let streak = 0;
      for (let i = history.length - 1; i >= 0; i--) {
        const r = history[i]?.result;
        if (!r?.shown || r.median > rule.maxMedian) break;
        streak += 1;
      }
      return streak >= rule.minRounds ? { reason: reason(rule.kind, { rounds: streak }) } : null;
    }
    default: {
      const unknown: never = rule;
      throw new Error(`unknown rule kind ${JSON.stringify(unknown)}`);
    }
  }
}

/** The highest level whose share grew since the previous round: where the heat comes from. */
function risenLevel(latest: ShownResult, previous: ShownResult): Level {
  for (const level of [...LEVELS].reverse()) if (latest.shares[level] > previous.shares[level]) return level;
  return prevailingLevel(latest.counts);
}

/**
 * The network dip (seed 003): an energetic start followed by a slow decline. Precisely:
 * participation fell in each of the last `minRounds` rounds (strictly), and the highest
 * participation of the whole history was reached at or before the start of that
 * decline — so the network once had more energy than it has had since.
 */
export function networkDip(history: readonly TrendPoint[], minRounds: number): { rounds: number; firstN: number; n: number } | null {
  if (history.length < minRounds + 1) return null;
  const ns = history.map((p) => p.result.n);
  const window = ns.slice(-(minRounds + 1));
  for (let i = 1; i < window.length; i++) if ((window[i] as number) >= (window[i - 1] as number)) return null;
  const peak = Math.max(...ns);
  const peakIndex = ns.indexOf(peak);
  if (peakIndex > ns.length - (minRounds + 1)) return null;
  return { rounds: minRounds, firstN: peak, n: ns.at(-1) as number };
}
