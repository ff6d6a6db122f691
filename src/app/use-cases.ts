/**
 * The use cases, composed from the areas that declare them (setup.ts, rounds.ts,
 * answers.ts, …), and who calls which: the chat adapters (UseCases), the scheduler
 * (SchedulerUseCases), the web pages (WebUseCases). Every method speaks
 * platform-neutral types: ChannelRef/UserRef in, ChatMessage/Form out.
 * Adapters translate and render; they never touch the store or core directly.
 *
 * Every method that reads or writes a store returns a Promise.
 *
 * Errors: methods throw DomainError (typed `code`) for anything a user can cause;
 * adapters turn it into a polite localised reply with `errorMessage(error, lang)`.
 */
import type { Answer } from '../core/answer.ts';
import type { ChatMessage } from '../core/message.ts';
import type { Round } from '../core/round.ts';
import type { AdminUseCases } from './admin.ts';
import type { AgreementUseCases } from './agreements.ts';
import type { AnswerUseCases } from './answers.ts';
import type { InstallationUseCases } from './installations.ts';
import type { JoinUseCases } from './joining.ts';
import type { PageUseCases } from './pages.ts';
import type { ScheduleUseCases } from './planning.ts';
import type { RecoveryUseCases } from './recovery.ts';
import type { ReportUseCases } from './reports.ts';
import type { RoundUseCases } from './rounds.ts';
import type { SetupUseCases } from './setup.ts';

export interface AnswerReceipt {
  round: Round;
  /** False when this replaced the person's earlier answer. */
  created: boolean;
  answer: Answer;
  /** Responses so far; the only figure shown while a round is open. */
  count: number;
  /** Private confirmation for the voter only, with a withdraw button. */
  confirmation: ChatMessage;
}

/** Everything createUseCases returns: each area declares (and documents) its own methods. */
export type AppUseCases = SetupUseCases &
  Omit<RoundUseCases, 'currentRoundMessage' | 'resultsOf'> &
  AnswerUseCases &
  ReportUseCases &
  AdminUseCases &
  RecoveryUseCases &
  PageUseCases &
  ScheduleUseCases &
  AgreementUseCases &
  JoinUseCases &
  InstallationUseCases;

/**
 * What only the scheduler calls, besides openScheduledRound and closeRound. Apart from
 * UseCases so the chat adapters (and their fakes) need not know about it.
 */
export type SchedulerUseCases = Pick<AppUseCases, 'scheduleRound' | 'remindRound' | 'closeIfChannelsGone' | 'resumePending' | 'recover'>;

/** What only the web pages call (src/web). */
export type WebUseCases = Pick<AppUseCases, 'dashboard' | 'privacyNotice'>;

/** What the chat adapters call. */
export type UseCases = Omit<AppUseCases, keyof SchedulerUseCases | keyof WebUseCases | keyof InstallationUseCases>;

export type { InstallationUseCases } from './installations.ts';
