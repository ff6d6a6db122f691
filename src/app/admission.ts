/**
 * Admission of answers. Past capacity a click must not join an ever-longer queue that
 * outlasts Slack's three-second deadline (and holds memory for every waiting request):
 * it is refused at once with DomainError('busy'), which the person gets as a polite
 * "try again in a moment", and nothing of it is recorded. Two bounds, either refuses:
 * the answers being recorded at once, and how long the click already waited since its
 * request arrived (under CPU overload the queue forms in requests still being read and
 * verified, before any answer work starts, so only the wait shows it). Answers admitted
 * are recorded and acknowledged as always. Per process: each replica bounds its own.
 */
import { DomainError } from '../core/errors.ts';

export interface AdmissionLimits {
  /** Answers recorded at once at most. */
  inFlight: number;
  /** A click whose request arrived longer ago than this (ms) is refused. */
  maxWaitMs: number;
}

/**
 * Unless configured: enough answers at once for group commit to batch well and for the
 * first second of a burst, while the code is still cold (at 1,000 clicks/s, 64 told a
 * few dozen people "busy" there), and a wait after which the click is told at once,
 * still inside Slack's 3 s.
 */
export const DEFAULT_ADMISSION: AdmissionLimits = { inFlight: 256, maxWaitMs: 2000 };

export interface Admission {
  /**
   * Runs `work` unless a bound is reached, else refuses with DomainError('busy') without
   * running it. `arrivedAt`: when the click's request arrived (`now`'s clock), if known.
   */
  run<T>(work: () => Promise<T>, arrivedAt?: number): Promise<T>;
  /** Answers being recorded now. */
  inFlight(): number;
}

/** `now`: a monotonic clock in ms, the one arrivals are stamped with (src/http/arrival.ts). */
export function createAdmission(limits: AdmissionLimits, now: () => number = () => performance.now()): Admission {
  let running = 0;
  return {
    async run(work, arrivedAt) {
      if (running >= limits.inFlight) throw new DomainError('busy');
      if (arrivedAt !== undefined && now() - arrivedAt > limits.maxWaitMs) throw new DomainError('busy');
      running += 1;
      try {
        return await work();
      } finally {
        running -= 1;
      }
    },
    inFlight: () => running,
  };
}
