/** Small descriptive statistics over numbers, shared by aggregation and rules. */

/** NaN for no values (0 / 0), never a level. */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function median(values: readonly number[]): number {
  // Stryker disable next-line ConditionalExpression: without it no values give NaN as well, by adding two undefined middles.
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Population standard deviation. */
export function stdDev(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Count, mean and sample variance of the levels behind a distribution. */
export interface Moments {
  n: number;
  mean: number;
  variance: number;
}

/** Moments of values given as value → count (e.g. a round's counts per level). */
export function momentsOf(counts: Readonly<Record<number, number>>): Moments {
  let n = 0;
  let sum = 0;
  for (const [value, count] of Object.entries(counts)) {
    n += count;
    sum += Number(value) * count;
  }
  if (n === 0) return { n: 0, mean: Number.NaN, variance: Number.NaN };
  const m = sum / n;
  let squares = 0;
  for (const [value, count] of Object.entries(counts)) squares += count * (Number(value) - m) ** 2;
  return { n, mean: m, variance: n > 1 ? squares / (n - 1) : 0 };
}

/** Pools several samples into one (e.g. the rounds before the latest as one baseline). */
export function pooled(samples: readonly Moments[]): Moments {
  const n = samples.reduce((s, x) => s + x.n, 0);
  if (n === 0) return { n: 0, mean: Number.NaN, variance: Number.NaN };
  const m = samples.reduce((s, x) => s + x.n * x.mean, 0) / n;
  const squares = samples.reduce((s, x) => s + (x.n - 1) * x.variance + x.n * (x.mean - m) ** 2, 0);
  return { n, mean: m, variance: n > 1 ? squares / (n - 1) : 0 };
}

/**
 * Welch's t for the difference of two means (a − b). A zero variance on both sides is
 * floored at a quarter level² (two people one level apart), so identical small rounds
 * never give an infinite t.
 */
export function welchT(a: Moments, b: Moments): number {
  const floor = 0.25;
  const se = Math.sqrt(Math.max(a.variance, floor) / a.n + Math.max(b.variance, floor) / b.n);
  return (a.mean - b.mean) / se;
}
