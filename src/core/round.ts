/**
 * A round and its states: scheduled → open → closed, or scheduled → skipped when the bot
 * was down for the whole open period. The store makes each transition as one conditional
 * update (only from the state before it), so two processes can never both make it; what
 * stays here is the one rule the use cases need: answers are accepted only while a round
 * is open and before `closesAt`. Pure: the moment is an argument.
 */
import { DomainError } from './errors.ts';

export type RoundStatus = 'scheduled' | 'open' | 'closed' | 'skipped';

export interface Round {
  id: string;
  networkId: string;
  status: RoundStatus;
  /** Instrument id fixed when the round opens. */
  instrument: string;
  /** Anonymity threshold fixed when the round opens. */
  k: number;
  opensAt: Date;
  closesAt: Date;
  /** When the channel reminder is due; null for none. */
  remindAt: Date | null;
  openedAt: Date | null;
  closedAt: Date | null;
}

/** True while a member may answer, change or withdraw: from `closesAt` on, the round is closing. */
export function acceptsAnswers(round: Round, now: Date): boolean {
  return round.status === 'open' && now.getTime() < round.closesAt.getTime();
}

export function assertAcceptsAnswers(round: Round, now: Date): void {
  if (!acceptsAnswers(round, now)) throw new DomainError('round_not_open');
}
