/**
 * Agreements (afspraken), the loop after a results post: a coordinator adds one by
 * command or adopts a suggestion through a prefilled form; anyone lists them; a
 * coordinator marks one done or lets it go. Rounds then ask whether they help
 * (agreement-rounds.ts). An agreement stores no user id: its owner is free text, and
 * who made it is not kept.
 */
import { agreementOwner, agreementText, assertMayAddAgreement, type Agreement, type ClosedStatus } from '../core/agreement.ts';
import { DomainError, isDomainError } from '../core/errors.ts';
import type { ChatMessage, Form, FormValues } from '../core/message.ts';
import type { ChannelBinding, ChannelRef, Network, UserRef } from '../core/network.ts';
import { suggestionsFor, trendPoints } from './analysis.ts';
import { sameChannel, type AppContext } from './context.ts';
import { agreementForm, agreementNotice, agreementsMessage, AGREEMENT_FORM_FIELDS } from './messages/index.ts';
import type { MessageContext } from './messages/format.ts';
import { mentionList } from './messages/mention.ts';
import { newId } from './tokens.ts';

export interface AgreementUseCases {
  /**
   * Coordinators: `/thermometer agreement <text>` (alias `afspraak`). Text after the last
   * ` | ` names who takes it on. Made after the network's latest closed round.
   */
  addAgreement(channel: ChannelRef, actor: UserRef, text: string): Promise<ChatMessage>;
  /**
   * Coordinators: the agreement form for a suggestion of a closed round, its text
   * prefilled from the suggestion. `suggestion` is the adopt button's value,
   * `roundId:itemId`; the form carries it back as its context. `channel` is where the
   * click came from: it decides, as for answers, whether the round is reachable, and the
   * language of the form (the channel's own).
   */
  adoptForm(suggestion: string, actor: UserRef, channel?: ChannelRef): Promise<Form>;
  /** Coordinators: the submitted agreement form. Adopting the same suggestion twice keeps one agreement. */
  submitAgreementForm(suggestion: string, actor: UserRef, values: FormValues, channel?: ChannelRef): Promise<ChatMessage>;
  /** Anyone: the network's open and recently closed agreements, in the channel's language; coordinators get done/drop buttons. */
  agreements(channel: ChannelRef, actor: UserRef): Promise<ChatMessage>;
  /**
   * Coordinators: marks an open agreement done or dropped; returns what was done. The
   * agreement must belong to the network of `channel` (the list's), or without one to a
   * network the person's workspace has a channel of.
   */
  closeAgreement(agreementId: string, actor: UserRef, status: ClosedStatus, channel?: ChannelRef): Promise<ChatMessage>;
}

/** Separates the owner from the text in a typed command: `text | owner`. */
const OWNER_SEPARATOR = ' | ';

/** A refusal that names the form field it is about, so a modal can show it there. */
function onField<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isDomainError(error)) throw new DomainError(error.code, { ...error.params, field });
    throw error;
  }
}

export function createAgreementUseCases(ctx: AppContext): AgreementUseCases {
  const { store, clock, content, log } = ctx;

  /** The network's coordinators only; the refusal names them. */
  const requireCoordinatorOf = async (network: Network, actor: UserRef): Promise<void> => {
    if (await store.coordinators.includes(network.id, actor)) return;
    throw new DomainError('not_a_coordinator', { names: mentionList(await store.coordinators.list(network.id)) });
  };

  /**
   * A network reachable from where the person acted, as for rounds (ctx.roundFor): the
   * bound channel they clicked in, or else a channel of their own workspace; with the
   * binding whose language the reply takes.
   */
  const reachable = async (networkId: string, actor: UserRef, channel: ChannelRef | undefined): Promise<{ network: Network; binding: ChannelBinding | undefined } | undefined> => {
    const network = await store.networks.get(networkId);
    if (!network) return undefined;
    const bindings = await store.bindings.forNetwork(network.id);
    const here = channel ? bindings.find((b) => sameChannel(b, channel)) : undefined;
    const own = bindings.filter((b) => b.platform === actor.platform && b.workspace === actor.workspace);
    if (!here && own.length === 0) return undefined;
    return { network, binding: here ?? (own.length === 1 ? own[0] : undefined) };
  };

  /** Adds an agreement unless the network keeps too many open or already has this suggestion as one. */
  const add = async (network: Network, agreement: Agreement, mctx: MessageContext): Promise<ChatMessage> => {
    const outcome = await store.transaction(async (tx) => {
      if (agreement.sourceItem && agreement.afterRoundId) {
        const existing = await tx.agreements.fromSuggestion(network.id, agreement.afterRoundId, agreement.sourceItem);
        if (existing) return { kind: 'already' as const, agreement: existing };
      }
      assertMayAddAgreement(await tx.agreements.countOpen(network.id));
      if (!(await tx.agreements.create(agreement))) throw new Error('agreement not created');
      return { kind: 'added' as const, agreement };
    });
    if (outcome.kind === 'added') log.info('agreement added', { networkId: network.id, adopted: agreement.sourceItem !== null });
    return agreementNotice(mctx, outcome.kind, outcome.agreement);
  };

  const newAgreement = (network: Network, fields: Pick<Agreement, 'text' | 'owner' | 'sourceItem' | 'afterRoundId'>): Agreement => ({
    id: newId(ctx.random),
    networkId: network.id,
    ...fields,
    status: 'open',
    createdAt: clock.now(),
    closedAt: null,
  });

  /** The round and the suggested item a `roundId:itemId` names, checked against that round's suggestions. */
  const suggestionOf = async (suggestion: string, actor: UserRef, channel: ChannelRef | undefined): Promise<{ network: Network; roundId: string; itemId: string; mctx: MessageContext }> => {
    const [roundId = '', itemId = ''] = suggestion.split(':');
    const { round, network, binding } = await ctx.roundFor(roundId, actor, channel);
    await requireCoordinatorOf(network, actor);
    if (round.status !== 'closed') throw new DomainError('no_closed_round');
    const points = await trendPoints(store, network.id, { upTo: round.id });
    if (!suggestionsFor(content, points).some((s) => s.items.includes(itemId)) || !content.items.has(itemId)) throw new DomainError('suggestion_not_found');
    return { network, roundId: round.id, itemId, mctx: ctx.messageContext(network, binding?.language) };
  };

  return {
    async addAgreement(channel, actor, typed) {
      const network = await ctx.requireCoordinator(channel, actor);
      const at = typed.lastIndexOf(OWNER_SEPARATOR);
      const text = agreementText(at === -1 ? typed : typed.slice(0, at));
      const owner = agreementOwner(at === -1 ? '' : typed.slice(at + OWNER_SEPARATOR.length));
      const [latest] = await store.rounds.closedFor(network.id, 1);
      return add(network, newAgreement(network, { text, owner, sourceItem: null, afterRoundId: latest?.id ?? null }), await ctx.channelContext(channel));
    },

    async adoptForm(suggestion, actor, channel) {
      const { itemId, mctx } = await suggestionOf(suggestion, actor, channel);
      const item = content.items.get(itemId);
      // Prefilled in the language the coordinator reads the suggestion in.
      return agreementForm(mctx, { context: suggestion, text: item?.text[mctx.lang].title ?? '' });
    },

    async submitAgreementForm(suggestion, actor, values, channel) {
      const { network, roundId, itemId, mctx } = await suggestionOf(suggestion, actor, channel);
      const text = onField(AGREEMENT_FORM_FIELDS.text, () => agreementText(values[AGREEMENT_FORM_FIELDS.text]));
      const owner = onField(AGREEMENT_FORM_FIELDS.owner, () => agreementOwner(values[AGREEMENT_FORM_FIELDS.owner]));
      return add(network, newAgreement(network, { text, owner, sourceItem: itemId, afterRoundId: roundId }), mctx);
    },

    async agreements(channel, actor) {
      const network = await ctx.requireNetwork(channel);
      const coordinator = await store.coordinators.includes(network.id, actor);
      return agreementsMessage(await ctx.channelContext(channel), { networkName: network.settings.name, agreements: await store.agreements.forNetwork(network.id), coordinator });
    },

    async closeAgreement(agreementId, actor, status, channel) {
      const agreement = await store.agreements.get(agreementId);
      const found = agreement && (await reachable(agreement.networkId, actor, channel));
      if (!agreement || !found) throw new DomainError('agreement_not_found');
      const { network, binding } = found;
      await requireCoordinatorOf(network, actor);
      const now = clock.now();
      if (!(await store.agreements.close(agreement.id, status, now))) throw new DomainError('agreement_closed');
      log.info('agreement closed', { networkId: network.id, status });
      return agreementNotice(ctx.messageContext(network, binding?.language), status, { ...agreement, status, closedAt: now });
    },
  };
}
