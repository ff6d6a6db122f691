/**
 * Recording, changing and withdrawing an answer while a round is open. The archive says
 * whether the round takes answers; the answer itself lives only in the linkage store,
 * behind the person's participation token for this round, until the round closes.
 * After each change the round messages get the new count — the only figure shown while
 * a round is open (promise 3). The answer records the key of the bound channel it came
 * from (the channel group dimension), never who or when.
 */
import type { AskedAgreement } from '../core/agreement-ratings.ts';
import { DomainError } from '../core/errors.ts';
import type { AnswerChange } from '../core/linkage-port.ts';
import type { ChatMessage, Form, FormValues } from '../core/message.ts';
import type { ChannelBinding, ChannelRef, Network, UserRef } from '../core/network.ts';
import { assertAcceptsAnswers } from '../core/round.ts';
import { isLevel, type Level } from '../core/scale.ts';
import type { StoredRound } from '../core/store-port.ts';
import { askedAgreements } from './agreement-rounds.ts';
import { parseAnswerChange, statementIds } from './answer-input.ts';
import type { AppContext, MessageFor } from './context.ts';
import { answerConfirmation, answerForm, withdrawnConfirmation } from './messages/index.ts';
import type { Posting } from './posting.ts';
import { plainRound, type KnownRoundState } from './rounds.ts';
import { participationToken } from './tokens.ts';
import type { AnswerReceipt } from './use-cases.ts';

export interface AnswerUseCases {
  /**
   * A click on a level button: records or changes the level, keeps other fields.
   * `channel` is where the click came from: it decides whether the round is reachable
   * (a channel bound to its network, or a direct message in the person's own workspace)
   * and is what the answer records as its channel. The same for the three below.
   */
  answerLevel(roundId: string, user: UserRef, level: Level, channel?: ChannelRef): Promise<AnswerReceipt>;
  /** The "more questions" form, prefilled with this person's current answer. */
  answerForm(roundId: string, user: UserRef, channel?: ChannelRef): Promise<Form>;
  /** Submission of the "more questions" form. */
  submitAnswerForm(roundId: string, user: UserRef, values: FormValues, channel?: ChannelRef): Promise<AnswerReceipt>;
  /** Withdraws this person's answer while the round is open. */
  withdraw(roundId: string, user: UserRef, channel?: ChannelRef): Promise<{ count: number; confirmation: ChatMessage }>;
}

interface OpenRound {
  round: StoredRound;
  network: Network;
  token: string;
  /** The bound channel the person acted in (see AppContext.roundFor). */
  binding: ChannelBinding | undefined;
  /** All the network's channels, as read for this request. */
  bindings: ChannelBinding[];
}

export function createAnswerUseCases(
  ctx: AppContext,
  posting: Posting,
  roundMessage: (round: StoredRound, network: Network, known?: KnownRoundState) => Promise<MessageFor>,
): AnswerUseCases {
  const { store, linkage, clock } = ctx;

  /** The open round a person may answer from where they acted, and their token for it. */
  const openRound = async (roundId: string, user: UserRef, channel: ChannelRef | undefined): Promise<OpenRound> => {
    const { round, network, binding, bindings } = await ctx.roundFor(roundId, user, channel);
    assertAcceptsAnswers(round, clock.now());
    const secret = await linkage.secret(round.id);
    if (!secret) throw new DomainError('round_not_open');
    return { round, network, binding, bindings, token: participationToken(secret, user) };
  };

  /** Replies in the language of the channel the person acted in. */
  const replyContext = (open: OpenRound) => ctx.messageContext(open.network, open.binding?.language);
  const inChannel = (open: OpenRound): { channel?: string } => (open.binding?.key ? { channel: open.binding.key } : {});

  /**
   * The channel messages get the new count in the background: nobody's confirmation
   * waits for it (updates are paced, see posting.ts). The round itself is always read
   * again — it may have closed, or its network been erased, since this click read it,
   * and a late count must never overwrite a closed round's message. An update that runs
   * at once uses the channels, count and agreements this click just read; a later one
   * reads everything afresh.
   */
  const refresh = (open: OpenRound, known?: Omit<KnownRoundState, 'bindings'>): void => {
    const { round, network } = open;
    posting
      .refreshCount(round.id, async (rightAway) => {
        const fresh = await store.rounds.get(round.id);
        if (fresh?.status !== 'open') return undefined;
        return rightAway && known ? roundMessage(fresh, network, { ...known, bindings: open.bindings }) : roundMessage(fresh, network);
      })
      .catch((error: unknown) => ctx.log.warn('count update failed', { roundId: round.id, error: error instanceof Error ? error : String(error) }));
  };

  /**
   * Records the change (durably, before anyone is told) and builds the receipt.
   * `asked`: the agreements the round asks about, when the caller read them already.
   */
  const record = async (open: OpenRound, change: AnswerChange, asked?: AskedAgreement[]): Promise<AnswerReceipt> => {
    const { round, token } = open;
    const result = await linkage.put(round.id, token, change);
    const { count } = result;
    const agreements = asked ?? (await askedAgreements(store, round.id));
    // A changed answer leaves the count as it was; only new answers move it.
    // Stryker disable next-line ConditionalExpression: an update for a change would show the same count, and updates are paced to one a second.
    if (result.created) refresh(open, { count, agreements });
    return {
      round: plainRound(round),
      created: result.created,
      answer: result.answer,
      count,
      confirmation: answerConfirmation(replyContext(open), { roundId: round.id, closesAt: round.closesAt, instrument: round.instrument, agreements: agreements.length, answer: result.answer, created: result.created }),
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
        agreements: await askedAgreements(store, round.id),
      });
    },

    async submitAnswerForm(roundId, user, values, channel) {
      const open = await openRound(roundId, user, channel);
      const asked = await askedAgreements(store, open.round.id);
      const change = parseAnswerChange(values, { statementIds: statementIds(ctx.content, open.round.instrument), agreementIds: asked.map((a) => a.id), settings: open.network.settings });
      return record(open, { ...change, ...inChannel(open) }, asked);
    },

    async withdraw(roundId, user, channel) {
      const open = await openRound(roundId, user, channel);
      const { round, token } = open;
      if (!(await linkage.withdraw(round.id, token))) throw new DomainError('nothing_to_withdraw');
      refresh(open);
      const count = await linkage.count(round.id);
      return { count, confirmation: withdrawnConfirmation(replyContext(open), round.closesAt, round.id) };
    },
  };
}
