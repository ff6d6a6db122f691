/**
 * The intervention engine: evaluates the rules from content against the history of
 * closed rounds and returns suggestions with a reason (locale key + parameters) and
 * the content items to suggest. Pure; the switch over rule kinds is exhaustive, so a
 * new kind of rule does not build until it has a meaning here.
 *
 * Selection keeps a post consistent: a rule that replaces another removes it, calm
 * rules give way when a tension rule fires, and an item appears only once, under the
 * best suggestion that names it (a suggestion left without items is dropped).
 */
import { prevailingLevel } from './aggregate.ts';
import { helpedAgreement, unhelpfulAgreement } from './agreement-rules.ts';
import type { GroupDimension, Reason, ShownResult, Suggestion, TrendPoint } from './result.ts';
import type { Rule, Tone } from './rule.ts';
import { LEVELS, type Level } from './scale.ts';
import { mean, momentsOf, pooled, round, welchT } from './stats.ts';

export interface RuleInput {
  /** Closed rounds, oldest first; the last is the round the suggestions are for. */
  history: readonly TrendPoint[];
  /** Statement id → tip item ids, for the weakest-statement rule. */
  statementTips: Readonly<Record<string, readonly string[]>>;
}

/** A rule that fired; `priority` and `tone` override the rule's own for this round. */
type Fired = { reason: Reason; extraItems?: readonly string[]; priority?: number; tone?: Tone } | null;

/** Every rule that fires, best first, before selection. */
export function firedRules(rules: readonly Rule[], input: RuleInput): Suggestion[] {
  const suggestions: Suggestion[] = [];
  for (const rule of rules) {
    const fired = evaluate(rule, input);
    if (!fired) continue;
    const items = [...new Set([...rule.suggest, ...(fired.extraItems ?? [])])];
    suggestions.push({ ruleId: rule.id, priority: fired.priority ?? rule.priority, tone: fired.tone ?? rule.tone, reason: fired.reason, items, source: rule.source });
  }
  // Array.prototype.sort is stable: equal priorities keep the rules' content order.
  return suggestions.sort((a, b) => b.priority - a.priority);
}

/** The suggestions a post shows, best first: consistent, and no item twice. */
export function evaluateRules(rules: readonly Rule[], input: RuleInput): Suggestion[] {
  return selectSuggestions(rules, firedRules(rules, input));
}

export function selectSuggestions(rules: readonly Rule[], fired: readonly Suggestion[]): Suggestion[] {
  const firedIds = new Set(fired.map((s) => s.ruleId));
  const replaced = new Set(rules.filter((r) => firedIds.has(r.id)).flatMap((r) => r.replaces));
  const tense = fired.some((s) => s.tone === 'tension' && !replaced.has(s.ruleId));
  const shownItems = new Set<string>();
  const selected: Suggestion[] = [];
  for (const s of fired) {
    if (replaced.has(s.ruleId) || (tense && s.tone === 'calm')) continue;
    const items = s.items.filter((id) => !shownItems.has(id));
    if (s.items.length > 0 && items.length === 0) continue;
    for (const id of items) shownItems.add(id);
    selected.push({ ...s, items });
  }
  return selected;
}

function shownAt(history: readonly TrendPoint[], fromEnd: number): ShownResult | undefined {
  const result = history.at(-fromEnd)?.result;
  return result?.shown ? result : undefined;
}

/** Shown rounds before the latest, newest first, at most `max`. */
function shownBefore(history: readonly TrendPoint[], max: number): ShownResult[] {
  const out: ShownResult[] = [];
  for (const { result } of history.slice(0, -1).reverse()) if (result.shown && out.length < max) out.push(result);
  return out;
}

function reason(kind: Rule['kind'], params: Reason['params']): Reason {
  return { key: `reason.${kind}`, params };
}

function evaluate(rule: Rule, { history, statementTips }: RuleInput): Fired {
  const latest = shownAt(history, 1);
  switch (rule.kind) {
    case 'prevailing-level': {
      // prevailingLevel breaks a tie towards the tenser level, so level 1 prevails only
      // when it has more responses than every other level: a tie is not a calm round.
      if (!latest || prevailingLevel(latest.counts) !== rule.level) return null;
      return { reason: reason(rule.kind, { level: rule.level, count: latest.counts[rule.level], n: latest.n }) };
    }
    case 'rising-tension':
    case 'easing-tension': {
      if (!latest) return null;
      const before = shownBefore(history, rule.baseline);
      if (before.length === 0) return null;
      const now = momentsOf(latest.counts);
      const base = pooled(before.map((r) => momentsOf(r.counts)));
      const sign: 1 | -1 = rule.kind === 'rising-tension' ? 1 : -1;
      const delta = sign * (now.mean - base.mean);
      if (delta < rule.minDelta || sign * welchT(now, base) < rule.minT) return null;
      const baseCounts = { 1: 0, 2: 0, 3: 0, 4: 0 } as Record<Level, number>;
      for (const r of before) for (const l of LEVELS) baseCounts[l] += r.counts[l];
      const level = movedLevel(latest, baseCounts, base.n, sign);
      return { reason: reason(rule.kind, { rounds: before.length, level, baseCount: baseCounts[level], baseN: base.n }) };
    }
    case 'wide-spread': {
      if (!latest) return null;
      const ends = polarisedEnds(latest, rule.minShare, rule.minCount);
      if (!ends) return null;
      const fired = { reason: reason(rule.kind, { minLevel: ends.low, maxLevel: ends.high, n: latest.n }) };
      const [previous] = shownBefore(history, 1);
      // Nothing tense before (no earlier round, or a calm one without a split): a question, not an alarm.
      const afterCalm = previous === undefined || (previous.median <= 1.5 && !polarisedEnds(previous, rule.minShare, rule.minCount));
      return afterCalm ? { ...fired, priority: rule.afterCalmPriority, tone: 'neutral' } : fired;
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
      const drop = previousMean - current.result.n;
      if (previousMean <= 0 || drop < rule.minDrop || drop < previousMean * rule.minDropShare) return null;
      return {
        reason: reason(rule.kind, {
          n: current.result.n,
          previousMean: round(previousMean, 1),
          dropPercent: Math.round((drop / previousMean) * 100),
        }),
      };
    }
    case 'network-dip': {
      const dip = networkDip(history, rule.minRounds, rule.minDropShare);
      return dip ? { reason: reason(rule.kind, dip) } : null;
    }
    case 'group-difference': {
      const pair = persistentGap(history, rule.dimension, rule.minDiff, rule.rounds);
      return pair ? { reason: reason(rule.kind, { dimension: rule.dimension, rounds: rule.rounds, ...pair }) } : null;
    }
    case 'calm-streak': {
      let streak = 0;
      for (const { result } of [...history].reverse()) {
        if (!result.shown || result.median > rule.maxMedian || !calmPlurality(result)) break;
        streak += 1;
      }
      return streak >= rule.minRounds ? { reason: reason(rule.kind, { rounds: streak }) } : null;
    }
    case 'below-threshold': {
      const current = history.at(-1)?.result;
      if (!current || current.shown) return null;
      return { reason: reason(rule.kind, { n: current.n, k: current.k }) };
    }
    case 'agreement-unhelpful': {
      const found = unhelpfulAgreement(latest, rule.minShare, rule.minCount);
      return found ? { reason: reason(rule.kind, found) } : null;
    }
    case 'agreement-helped': {
      const found = helpedAgreement(history, rule.rounds, rule.minShare);
      return found ? { reason: reason(rule.kind, found) } : null;
    }
    default: {
      const unknown: never = rule;
      throw new Error(`unknown rule kind ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Where the change shows: the level whose share grew most against the baseline —
 * rising, among the levels above friendly (ties to the tenser); easing, among the
 * levels below conflict (ties to the calmer). The most chosen level if none grew.
 */
function movedLevel(latest: ShownResult, baseCounts: Record<Level, number>, baseN: number, sign: 1 | -1): Level {
  const order = sign === 1 ? ([4, 3, 2] as const) : ([1, 2, 3] as const);
  let best: Level | undefined;
  let bestGrowth = 0;
  for (const level of order) {
    const growth = latest.shares[level] - baseCounts[level] / baseN;
    if (growth > bestGrowth) [best, bestGrowth] = [level, growth];
  }
  return best ?? prevailingLevel(latest.counts);
}

/** Level 1 chosen more than any other level. */
function calmPlurality(result: ShownResult): boolean {
  return LEVELS.every((l) => l === 1 || result.counts[1] > result.counts[l]);
}

/**
 * Two ends of a polarised round: a share of at least `minShare` (and `minCount` people)
 * at or below `low` and at or above `high = low + 2`, with the far end at least as large
 * as what lies between them — two groups, not one group with a tail. Returns the levels
 * actually chosen at each end.
 */
export function polarisedEnds(result: Pick<ShownResult, 'counts' | 'n'>, minShare: number, minCount: number): { low: Level; high: Level } | null {
  const need = Math.max(minCount, Math.ceil(minShare * result.n - 1e-9));
  const sum = (from: number, to: number) => LEVELS.filter((x) => x >= from && x <= to).reduce((s, x) => s + result.counts[x], 0);
  for (const [low, high] of [[1, 3], [2, 4]] as const) {
    const lowSide = sum(1, low);
    const highSide = sum(high, 4);
    const between = sum(low + 1, high - 1);
    if (lowSide >= need && highSide >= need && highSide >= between) {
      const lowest = LEVELS.find((l) => result.counts[l] > 0) ?? low;
      const highest = [...LEVELS].reverse().find((l) => result.counts[l] > 0) ?? high;
      return { low: lowest, high: highest };
    }
  }
  return null;
}

/** Groups of a result that carry a median (a round may withhold them). */
function withMedian(groups: readonly { group: string; median?: number }[]): { group: string; median: number }[] {
  return groups.flatMap((g) => (g.median === undefined ? [] : [{ group: g.group, median: g.median }]));
}

/** The pair of groups `minDiff` apart in each of the last `rounds` shown rounds, high group the same each time. */
function persistentGap(
  history: readonly TrendPoint[],
  dimension: GroupDimension,
  minDiff: number,
  rounds: number,
): { highGroup: string; highMedian: number; lowGroup: string; lowMedian: number } | null {
  const latest = shownAt(history, 1);
  if (!latest) return null;
  const earlier = shownBefore(history, rounds - 1);
  if (earlier.length < rounds - 1) return null;
  // Only groups whose median may be shown (see core/aggregate) can be compared.
  // Stryker disable next-line OptionalChaining,ArrayDeclaration: the rule's dimension is domain or tier (see core/rule), which every shown result has; only the channel may be absent.
  const groups = withMedian(latest.groups[dimension]?.shown ?? []);
  let best: { highGroup: string; highMedian: number; lowGroup: string; lowMedian: number } | null = null;
  for (const high of groups) {
    for (const low of groups) {
      if (high.median - low.median < minDiff) continue;
      const holds = earlier.every((r) => gapOf(r, dimension, high.group, low.group) >= minDiff);
      if (!holds) continue;
      if (!best || high.median - low.median > best.highMedian - best.lowMedian) {
        best = { highGroup: high.group, highMedian: high.median, lowGroup: low.group, lowMedian: low.median };
      }
    }
  }
  return best;
}

function gapOf(result: ShownResult, dimension: GroupDimension, high: string, low: string): number {
  // Stryker disable next-line OptionalChaining,ArrayDeclaration: the rule's dimension is domain or tier (see core/rule), which every shown result has; only the channel may be absent.
  const shown = result.groups[dimension]?.shown ?? [];
  const h = withMedian(shown).find((g) => g.group === high);
  const l = withMedian(shown).find((g) => g.group === low);
  return h && l ? h.median - l.median : Number.NEGATIVE_INFINITY;
}

/**
 * The network dip (seed 003): after an energetic start, a slow decline. Precisely: the
 * highest participation so far (the last round that reached it) lies at least
 * `minRounds` rounds back, every round since it had fewer responses than the one before,
 * and the latest round has at least `minDropShare` fewer responses than that peak. A
 * decline that starts below the peak — after a recovery from an earlier low — is not the
 * dip; the participation-drop rule speaks of a sudden fall. `rounds` counts the rounds of
 * decline since the peak, `firstN` is the peak.
 */
export function networkDip(history: readonly TrendPoint[], minRounds: number, minDropShare = 0): { rounds: number; firstN: number; n: number } | null {
  const ns = history.map((p) => p.result.n);
  const peak = Math.max(...ns);
  const peakIndex = ns.lastIndexOf(peak);
  const rounds = ns.length - 1 - peakIndex;
  if (peakIndex === -1 || rounds < minRounds) return null;
  if (!ns.slice(peakIndex + 1).every((x, i) => x < (ns[peakIndex + i] as number))) return null;
  const n = ns.at(-1) as number;
  if (peak - n < peak * minDropShare) return null;
  return { rounds, firstN: peak, n };
}
