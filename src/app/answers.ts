/**
 * Recording, changing and withdrawing an answer while a round is open. The archive says
 * whether the round takes answers; the answer itself lives only in the linkage store,
 * behind the person's participation token for this round, until the round closes.
 * After each change the round messages get the new count — the only figure shown while
 * a round is open (promise 3). The answer records the key of the bound channel it came
 * from (the channel group dimension), never who or when.
 */
import type { Answer } from '../core/answer.ts';
import { DomainError } from '../core/errors.ts';
import type { AnswerChange } from '../core/linkage-port.ts';
import type { ChatMessage, Form, FormValues } from '../core/message.ts';
import type { ChannelBinding, ChannelRef, Network, UserRef } from '../core/network.ts';
import { assertAcceptsAnswers } from '../core/round.ts';
import { isLevel, type Level } from '../core/scale.ts';
import type { StoredRound } from '../core/store-port.ts';
import { parseAnswerChange, statementIds } from './answer-input.ts';
import type { AppContext, MessageFor } from './context.ts';
import { answerConfirmation, answerForm, withdrawnConfirmation } from './messages/index.ts';
import type { Posting } from './posting.ts';
import { plainRound } from './rounds.ts';
import { participationToken } from './tokens.ts';
import type { AnswerReceipt } from './use-cases.ts';

export interface AnswerUseCases {
  answerLevel(roundId: string, user: UserRef, level: Level, channel?: ChannelRef): Promise<AnswerReceipt>;
  answerForm(roundId: string, user: UserRef, channel?: ChannelRef): Promise<Form>;
  submitAnswerForm(roundId: string, user: UserRef, values: FormValues, channel?: ChannelRef): Promise<AnswerReceipt>;
  withdraw(roundId: string, user: UserRef, channel?: ChannelRef): Promise<{ count: number; confirmation: ChatMessage }>;
}

interface OpenRound {
  round: StoredRound;
  network: Network;
  token: string;
  /** The bound channel the person acted in (see AppContext.roundFor). */
  binding: ChannelBinding | undefined;
}

export function createAnswerUseCases(ctx: AppContext, posting: Posting, roundMessage: (round: StoredRound, network: Network) => Promise<MessageFor>): AnswerUseCases {
  const { store, linkage, clock } = ctx;

  /** The open round a person may answer from where they acted, and their token for it. */
  const openRound = async (roundId: string, user: UserRef, channel: ChannelRef | undefined): Promise<OpenRound> => {
    const { round, network, binding } = await ctx.roundFor(roundId, user, channel);
    assertAcceptsAnswers(round, clock.now());
    const secret = await linkage.secret(round.id);
    if (!secret) throw new DomainError('round_not_open');
    return { round, network, binding, token: participationToken(secret, user) };
  };

  /** Replies in the language of the channel the person acted in. */
  const replyContext = (open: OpenRound) => ctx.messageContext(open.network, open.binding?.language);
  const inChannel = (open: OpenRound): { channel?: string } => (open.binding?.key ? { channel: open.binding.key } : {});

  const refresh = async (round: StoredRound, network: Network): Promise<number> => {
    await posting.refreshCount(round.id, async () => {
      const fresh = await store.rounds.get(round.id);
      return fresh?.status === 'open' ? roundMessage(fresh, network) : undefined;
    });
    return linkage.count(round.id);
  };

  /** Records the change (durably, before anyone is told) and builds the receipt. */
  const record = async (open: OpenRound, change: AnswerChange): Promise<AnswerReceipt> => {
    const { round, network, token } = open;
    const result: { answer: Answer; created: boolean } = await linkage.put(round.id, token, change);
    // A changed answer leaves the count as it was; only new answers move it. The channel
    // message is updated in the background: the person's confirmation never waits for it.
    if (result.created) void refresh(round, network).catch((error: unknown) => ctx.log.warn('count update failed', { roundId: round.id, error: error instanceof Error ? error : String(error) }));
    const count = await linkage.count(round.id);
    return {
      round: plainRound(round),
      created: result.created,
      answer: result.answer,
      count,
      confirmation: answerConfirmation(replyContext(open), { roundId: round.id, closesAt: round.closesAt, instrument: round.instrument, ...result }),
    };
  };

  return {
    async answerLevel(roundId, user, level, channel) {
      if (!isLevel(level)) throw new DomainError('level_out_of_range');
      const open = await openRound(roundId, user, channel);
      return record(open, { kind: 'level', level, ...inChannel(open) });
    },

    async answerForm(roundId, user, channel) {
      const open = await openRound(roundId, user, channel);
      const { round, network, token } = open;
      return answerForm(replyContext(open), {
        roundId: round.id,
        instrument: round.instrument,
        settings: network.settings,
        current: await linkage.get(round.id, token),
      });
    },

    async submitAnswerForm(roundId, user, values, channel) {
      const open = await openRound(roundId, user, channel);
      const change = parseAnswerChange(values, { statementIds: statementIds(ctx.content, open.round.instrument), settings: open.network.settings });
      return record(open, { ...change, ...inChannel(open) });
    },

    async withdraw(roundId, user, channel) {
      const open = await openRound(roundId, user, channel);
      const { round, network, token } = open;
      if (!(await linkage.withdraw(round.id, token))) throw new DomainError('nothing_to_withdraw');
      const count = await refresh(round, network);
      return { count, confirmation: withdrawnConfirmation(replyContext(open), round.closesAt, round.id) };
    },
  };
}
