/**
 * The linkage port: what ties an answer to a person while its round is open — the round
 * secret, the participation tokens and the open round's answers keyed by token — kept
 * apart from the archive (store-port.ts) so it never enters the file an operator backs
 * up. Closing a round seals its linkage, hands the answers (without tokens) to the
 * archive, and destroys the linkage for good (promise 1 of DESIGN.md).
 *
 * Writes take data, not callbacks, so an adapter may batch many of them into one commit.
 */
import type { Answer } from './answer.ts';
import type { Level } from './scale.ts';

/**
 * What a person changes about their answer, and (`channel`) the key of the bound
 * channel they acted in, which the answer then records; absent, the answer keeps its own.
 */
export type AnswerChange =
  /** A click on a level button: the level changes, the rest of the answer stays. */
  | { kind: 'level'; level: Level; channel?: string }
  /** The "more questions" form: replaces the answer; the current level stays when the form has none. */
  | { kind: 'form'; answer: Omit<Answer, 'level' | 'channel'> & { level?: Level }; channel?: string };

/** A recorded change: the answer as it now stands, whether it is new, and the live count. */
export interface PutReceipt {
  answer: Answer;
  created: boolean;
  /** The round's answers right after the change became durable (with any committed together with it). */
  count: number;
}

export interface LinkageStore {
  /**
   * Creates a round's linkage with `secret`. Idempotent: when the round has linkage
   * already, it is kept, and the secret in force is returned.
   */
  create(roundId: string, secret: Uint8Array): Promise<Uint8Array>;
  /** The round secret; undefined when the round has no linkage. */
  secret(roundId: string): Promise<Uint8Array | undefined>;
  get(roundId: string, token: string): Promise<Answer | undefined>;
  /**
   * Records or changes the answer behind a token; resolves once it is durable. Throws
   * DomainError('round_not_open') when the round is sealed or has no linkage (it never
   * creates a round's linkage), and DomainError('level_out_of_range') for a form change
   * without a level when there is no answer yet.
   */
  put(roundId: string, token: string, change: AnswerChange): Promise<PutReceipt>;
  /** Deletes the answer behind a token; false when there was none. Throws like put. */
  withdraw(roundId: string, token: string): Promise<boolean>;
  /** Answers so far (0 without linkage): the live count. */
  count(roundId: string): Promise<number>;
  /** Whether a token has answered (direct-message reminders). */
  has(roundId: string, token: string): Promise<boolean>;
  /**
   * Stops every change to the round and returns all its answers without tokens.
   * Repeatable (a close that is finished after a crash seals again); undefined when the
   * round has no linkage. `guard`, when given, sees the number of answers at the moment
   * of sealing, atomically with it, on a round not sealed yet: it throws to refuse (the
   * early-close margin), and then nothing changes. A round sealed before is not guarded:
   * its close was already decided.
   */
  seal(roundId: string, guard?: (count: number) => void): Promise<Answer[] | undefined>;
  sealed(roundId: string): Promise<boolean>;
  /** Everything of the round — secret, tokens, answers — gone. Idempotent. */
  destroy(roundId: string): Promise<void>;
  /** Ids of the rounds that have linkage (for the recovery sweep). */
  rounds(): Promise<string[]>;
  close(): Promise<void>;
}
