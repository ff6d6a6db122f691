/**
 * When a coordinator may close a round before its planned time (DESIGN.md promise 4).
 * A coordinator and one accomplice who have both answered can watch the live count move
 * from k − 1 to k and close at once: the results minus their own two answers are then
 * the newcomer's answer. So an early close is refused while the results would be shown
 * on a thin margin, k ≤ n < k + 2; from k + 2 on, at least k answers besides any two
 * are in the results. Below k a closed round shows only its count, so closing is
 * harmless. The planned close is never held back: its moment is not chosen by anyone
 * watching the count.
 */
import { effectiveK } from './aggregate.ts';
import { DomainError } from './errors.ts';

/** How many answers above k an early close needs: enough to outnumber two colluders. */
export const CLOSE_MARGIN = 2;

/** True unless the results of n answers would be shown on a thin margin. */
export function mayCloseEarly(n: number, k: number): boolean {
  const threshold = effectiveK(k);
  return n < threshold || n >= threshold + CLOSE_MARGIN;
}

/** Throws `close_thin_margin` for an early close on a thin margin; a due close always passes. */
export function assertMayCloseNow(input: { n: number; k: number; now: Date; closesAt: Date }): void {
  if (input.now.getTime() >= input.closesAt.getTime()) return;
  if (mayCloseEarly(input.n, input.k)) return;
  const k = effectiveK(input.k);
  throw new DomainError('close_thin_margin', { n: input.n, k, needed: k + CLOSE_MARGIN });
}
