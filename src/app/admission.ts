/**
 * Admission of answers: a bound on the answers being recorded at once. Past capacity a
 * click does not join an ever-longer queue that outlasts Slack's three-second deadline
 * (and holds memory for every waiting request); it is refused at once with
 * DomainError('busy'), which the person gets as a polite "try again in a moment", and
 * nothing of it is recorded. Answers admitted are recorded and acknowledged as always.
 * Per process: each replica bounds its own work.
 */
import { DomainError } from '../core/errors.ts';
import type { UseCases } from './use-cases.ts';

export interface Admission {
  /** Runs `work` when fewer than the bound are running, else refuses with DomainError('busy'). */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Answers being recorded now. */
  inFlight(): number;
}

export function createAdmission(limit: number): Admission {
  let running = 0;
  return {
    async run(work) {
      if (running >= limit) throw new DomainError('busy');
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

/**
 * The use cases the platforms reach, with answering bounded: a level click and a form
 * submission are admitted or refused whole. Opening the form, withdrawing and everything
 * else pass unchanged.
 */
export function withAdmission<U extends Pick<UseCases, 'answerLevel' | 'submitAnswerForm'>>(useCases: U, admission: Admission): U {
  return {
    ...useCases,
    answerLevel: (...args: Parameters<UseCases['answerLevel']>) => admission.run(() => useCases.answerLevel(...args)),
    submitAnswerForm: (...args: Parameters<UseCases['submitAnswerForm']>) => admission.run(() => useCases.submitAnswerForm(...args)),
  };
}
