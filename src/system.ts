/**
 * The real clock and the real randomness, the production implementations of the core
 * ports. Tests pass fixed clocks and seeded randomness instead.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Clock, Random } from './core/ports.ts';

export const systemClock: Clock = { now: () => new Date() };

export const cryptoRandom: Random = {
  bytes: (n) => new Uint8Array(randomBytes(n)),
  // 2^48 distinct values: plenty for shuffles and picks, and unbiased.
  float: () => randomInt(0, 2 ** 48 - 1) / 2 ** 48,
};
