/**
 * The conflict thermometer scale (seed 003): four levels from friendly to conflict,
 * and the 1–5 agreement scale used for statements. Labels and colours live in content.
 */

export const LEVELS = [1, 2, 3, 4] as const;
/** 1 vriendschappelijk aangenaam, 2 waakzaam, 3 onenigheid, 4 conflict. */
export type Level = (typeof LEVELS)[number];

export const RATINGS = [1, 2, 3, 4, 5] as const;
/** 1 = strongly disagree … 5 = strongly agree. */
export type Rating = (typeof RATINGS)[number];

export function isLevel(value: unknown): value is Level {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

export function isRating(value: unknown): value is Rating {
  return (RATINGS as readonly unknown[]).includes(value);
}
