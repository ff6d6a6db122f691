/**
 * Recording, changing and withdrawing an answer while a round is open. A person is
 * known to the store only as their participation token for this round; the answer row
 * itself never holds anything about them. After each change the round messages get the
 * new count — the only figure shown while a round is open (promise 3).
 */
import type { Answer } from '../core/answer.ts';
import { DomainError } from '../core/errors.ts';
import type { ChatMessage, Form, FormValues } from '../core/message.ts';
import type { Network, UserRef } from '../core/network.ts';
import { assertAcceptsAnswers } from '../core/round.ts';
import { isLevel, type Level } from '../core/scale.ts';
import type { StoredRound } from '../core/store-port.ts';
import { parseAnswerForm, statementIds } from './answer-input.ts';
import type { AppContext } from './context.ts';
import { answerConfirmation, answerForm, withdrawnConfirmation } from './messages/index.ts';
import type { Posting } from './posting.ts';
import { plainRound } from './rounds.ts';
import { newId, participationToken } from './tokens.ts';
import type { AnswerReceipt } from './use-cases.ts';

export interface AnswerUseCases {
  answerLevel(roundId: string, user: UserRef, level: Level): Promise<AnswerReceipt>;
  answerForm(roundId: string, user: UserRef): Form;
  submitAnswerForm(roundId: string, user: UserRef, values: FormValues): Promise<AnswerReceipt>;
  withdraw(roundId: string, user: UserRef): Promise<{ count: number; confirmation: ChatMessage }>;
}

export function createAnswerUseCases(ctx: AppContext, posting: Posting, roundMessage: (round: StoredRound, network: Network) => ChatMessage): AnswerUseCases {
  const { store, clock, random } = ctx;

  /** The open round a person may answer, and their token for it. */
  const openRound = (roundId: string, user: UserRef): { round: StoredRound; network: Network; token: string } => {
    const { round, network } = ctx.roundFor(roundId, user);
    assertAcceptsAnswers(round, clock.now());
    const secret = store.rounds.secret(round.id);
    if (!secret) throw new DomainError('round_not_open');
    return { round, network, token: participationToken(secret, user) };
  };

  /** Records (or replaces) a person's answer in one transaction; true when it is new. */
  const record = (round: StoredRound, token: string, build: (current: Answer | undefined) => Answer): { answer: Answer; created: boolean } =>
    store.transaction(() => {
      const existing = store.answers.byToken(round.id, token);
      const answer = build(existing?.answer);
      if (existing) {
        store.answers.replace(existing.id, answer);
        return { answer, created: false };
      }
      store.answers.insert(round.id, token, { id: newId(random), answer });
      return { answer, created: true };
    });

  const refresh = async (round: StoredRound, network: Network): Promise<number> => {
    await posting.refreshCount(round.id, () => {
      const fresh = store.rounds.get(round.id);
      return fresh?.status === 'open' ? roundMessage(fresh, network) : undefined;
    });
    return store.answers.count(round.id);
  };

  const receipt = async (round: StoredRound, network: Network, result: { answer: Answer; created: boolean }): Promise<AnswerReceipt> => {
    // A changed answer leaves the count as it was; only new answers move it. The channel
    // message is updated in the background: the person's confirmation never waits for it.
    if (result.created) void refresh(round, network).catch((error: unknown) => ctx.log.warn('count update failed', { roundId: round.id, error: error instanceof Error ? error : String(error) }));
    const count = store.answers.count(round.id);
    return {
      round: plainRound(round),
      created: result.created,
      answer: result.answer,
      count,
      confirmation: answerConfirmation(ctx.messageContext(network), { roundId: round.id, closesAt: round.closesAt, instrument: round.instrument, ...result }),
    };
  };

  return {
    async answerLevel(roundId, user, level) {
      if (!isLevel(level)) throw new DomainError('level_out_of_range');
      const { round, network, token } = openRound(roundId, user);
      const result = record(round, token, (current) => ({ ...(current ?? { ratings: {} }), level }));
      return receipt(round, network, result);
    },

    answerForm(roundId, user) {
      const { round, network, token } = openRound(roundId, user);
      return answerForm(ctx.messageContext(network), {
        roundId: round.id,
        instrument: round.instrument,
        settings: network.settings,
        current: store.answers.byToken(round.id, token)?.answer,
      });
    },

    async submitAnswerForm(roundId, user, values) {
      const { round, network, token } = openRound(roundId, user);
      const ids = statementIds(ctx.content, round.instrument);
      const result = record(round, token, (current) =>
        parseAnswerForm(values, { statementIds: ids, settings: network.settings, ...(current ? { fallbackLevel: current.level } : {}) }),
      );
      return receipt(round, network, result);
    },

    async withdraw(roundId, user) {
      const { round, network, token } = openRound(roundId, user);
      if (!store.answers.withdraw(round.id, token)) throw new DomainError('nothing_to_withdraw');
      const count = await refresh(round, network);
      return { count, confirmation: withdrawnConfirmation(ctx.messageContext(network), round.closesAt, round.id) };
    },
  };
}
