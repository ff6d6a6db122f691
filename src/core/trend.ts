/**
 * Trends over closed rounds: the latest against the previous, and its direction.
 * Hidden rounds (below k) stay in the series as points with only a count, so charts
 * can show them as gaps; they never produce a delta.
 */
import type { Direction, Trend, TrendPoint } from './result.ts';

/** A median change smaller than this is "steady": half a level is the least that means something. */
export const STEADY_BELOW = 0.5;

export function trend(points: readonly TrendPoint[]): Trend {
  const latest = points.at(-1) ?? null;
  const previous = points.at(-2) ?? null;
  const medianDelta = latest?.result.shown && previous?.result.shown ? latest.result.median - previous.result.median : null;
  return { points: [...points], latest, previous, medianDelta, direction: directionOf(medianDelta) };
}

export function directionOf(delta: number | null): Direction {
  if (delta === null) return 'unknown';
  if (delta >= STEADY_BELOW) return 'rising';
  if (delta <= -STEADY_BELOW) return 'falling';
  return 'steady';
}
