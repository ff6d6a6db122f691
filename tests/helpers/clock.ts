/** A clock that stands still until a test moves it. */
import type { Clock } from '../../src/core/ports.ts';

export interface TestClock extends Clock {
  set(date: Date | string): void;
  advance(ms: number): void;
  advanceDays(days: number): void;
}

export function fixedClock(start: Date | string = '2026-03-03T08:00:00Z'): TestClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set(date) {
      now = new Date(date).getTime();
    },
    advance(ms) {
      now += ms;
    },
    advanceDays(days) {
      now += days * 86_400_000;
    },
  };
}
