/**
 * The shapes of what a closed round shows: its aggregate (never below k), the trend
 * over rounds and the suggested interventions. Computed in aggregate.ts, trend.ts and
 * interventions.ts; stored as the round's final result at close.
 */
import type { Tone } from './rule.ts';
import type { Level } from './scale.ts';

/**
 * Every dimension results are grouped by, each an optional field of an answer: the
 * domain and tier people state, and the channel they answered in (often an
 * organisation). Suppression covers every entry.
 */
export const GROUP_DIMENSIONS = ['domain', 'orgLevel', 'channel'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

export interface GroupFigure {
  group: string;
  /** The channel's display label at close (channel dimension only): typed text. */
  label?: string;
  n: number;
  /**
   * Only when no set of fewer than k people can be told apart by its groups (every
   * combination of groups over all dimensions holds 0 or at least k answers); see
   * aggregate.ts for why a median is otherwise left out.
   */
  median?: number;
}

/** One dimension's groups: those shown, and how many stated groups are not. */
export interface GroupFigures {
  shown: GroupFigure[];
  hidden: number;
}

/** Group figures per dimension; results stored before the channel dimension existed lack it. */
export type GroupsByDimension = Record<'domain' | 'orgLevel', GroupFigures> & Partial<Record<GroupDimension, GroupFigures>>;

export interface StatementFigure {
  id: string;
  n: number;
  mean: number;
}

export interface Spread {
  /** Population standard deviation of the levels. */
  stdDev: number;
  min: Level;
  max: Level;
  /** True when answers span widely (e.g. level 1 next to level 3 or 4). */
  wide: boolean;
}

/** Below k only the count exists; nothing else can be computed from it. */
export interface HiddenResult {
  shown: false;
  n: number;
  k: number;
}

export interface ShownResult {
  shown: true;
  n: number;
  k: number;
  counts: Record<Level, number>;
  /** Share per level, 0–1. */
  shares: Record<Level, number>;
  median: number;
  mean: number;
  spread: Spread;
  /** Only statements with at least k ratings. */
  statements: StatementFigure[];
  /**
   * Only groups that pass k and complementary suppression; `hidden` counts the rest.
   * Results stored before a dimension existed lack its entry.
   */
  groups: GroupsByDimension;
  /** Shuffled; empty when comments are off. */
  comments: string[];
}

export type RoundResult = HiddenResult | ShownResult;

export interface TrendPoint {
  roundId: string;
  closedAt: Date;
  result: RoundResult;
}

export type Direction = 'rising' | 'falling' | 'steady' | 'unknown';

export interface Trend {
  /** Oldest first. */
  points: TrendPoint[];
  latest: TrendPoint | null;
  /** The closed round before `latest`, shown or not. */
  previous: TrendPoint | null;
  /** Median level of latest minus previous; null when either is hidden or missing. */
  medianDelta: number | null;
  direction: Direction;
}

/** A reason the post can show, as a locale key with its parameters. */
export interface Reason {
  key: string;
  params: Record<string, string | number>;
}

export interface Suggestion {
  ruleId: string;
  priority: number;
  tone: Tone;
  reason: Reason;
  /** Content item ids (interventions, tips, techniques) this suggests. */
  items: string[];
  source: string;
}
