/**
 * A round as a state machine: scheduled → open → closed (or scheduled → skipped when
 * the bot was down for the whole open period). Answers are accepted only while open
 * and before `closesAt`. Pure: every transition takes `now`.
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

export function openRound(round: Round, now: Date): Round {
  if (round.status !== 'scheduled') throw new DomainError('round_already_open');
  return { ...round, status: 'open', openedAt: now };
}

export function closeRound(round: Round, now: Date): Round {
  if (round.status !== 'open') throw new DomainError('round_not_open');
  return { ...round, status: 'closed', closedAt: now };
}

export function skipRound(round: Round): Round {
  if (round.status !== 'scheduled') throw new DomainError('round_already_open');
  return { ...round, status: 'skipped' };
}

/** True while a member may answer, change or withdraw. */
export function acceptsAnswers(round: Round, now: Date): boolean {
  return round.status === 'open' && now.getTime() < round.closesAt.getTime();
}

export function assertAcceptsAnswers(round: Round, now: Date): void {
  if (!acceptsAnswers(round, now)) throw new DomainError('round_not_open');
}
