/**
 * What people ask for on demand: the coordinators' summary and export, all suggestions
 * of a round, and for everyone the tips, help and privacy texts. Everything is built
 * from the results stored at close, so nothing here can show more than a results post.
 */
import { DomainError } from '../core/errors.ts';
import type { ChatMessage } from '../core/message.ts';
import { DEFAULT_SETTINGS, type ChannelRef, type Language, type Network, type UserRef } from '../core/network.ts';
import type { Level } from '../core/scale.ts';
import { suggestionsFor, trendOf, trendPoints, TREND_ROUNDS } from './analysis.ts';
import { adoptedItems, withoutSettledAgreements } from './agreement-rounds.ts';
import type { AppContext } from './context.ts';
import { exportCsv } from './csv.ts';
import type { MessageContext } from './messages/format.ts';
import { helpMessage, interventionsMessage, privacyMessage, summaryMessage, tipsMessage } from './messages/index.ts';

export interface ReportUseCases {
  /** Coordinators: the latest closed round and the trend (last 12 rounds by default). */
  summary(channel: ChannelRef, actor: UserRef, options?: { rounds?: number }): Promise<ChatMessage>;
  /** Posts the summary to the channel (the "post to channel" button). */
  postSummary(channel: ChannelRef, actor: UserRef): Promise<void>;
  /** Coordinators: per-round aggregates as CSV. */
  exportCsv(channel: ChannelRef, actor: UserRef): Promise<{ filename: string; csv: string }>;
  /** The "more suggestions" button on a results post: every suggestion for that round, for the clicker. */
  moreInterventions(roundId: string, actor: UserRef, channel?: ChannelRef): Promise<ChatMessage>;
  /**
   * Anyone: the interventions for a level (all levels without one). `lang`: the person's
   * language, used before the channel has a network (after setup the network's).
   */
  tips(channel: ChannelRef, level?: Level, lang?: Language): Promise<ChatMessage>;
  help(channel: ChannelRef, lang?: Language): Promise<ChatMessage>;
  privacy(channel: ChannelRef, lang?: Language): Promise<ChatMessage>;
}

export function createReportUseCases(ctx: AppContext): ReportUseCases {
  const { store, content, clock, log } = ctx;

  /** The channel's language once set up (its own, else the network's); before that the person's, when the platform tells it. */
  const contextFor = async (channel: ChannelRef, lang: Language | undefined) => {
    const network = await ctx.networkFor(channel);
    const base = await ctx.channelContext(channel);
    return network || !lang ? base : { ...base, lang };
  };

  const buildSummary = async (network: Network, rounds: number, withPostButton: boolean, mctx: MessageContext): Promise<ChatMessage> => {
    const points = await trendPoints(store, network.id, { limit: Math.max(1, Math.min(rounds, 120)) });
    if (points.length === 0) throw new DomainError('no_closed_round');
    const trend = trendOf(points);
    let chart;
    if (ctx.renderChart && trend.latest) {
      const latest = await store.rounds.get(trend.latest.roundId);
      try {
        chart = await ctx.renderChart({ points, lang: mctx.lang, instrument: latest?.instrument ?? network.settings.instrument });
      } catch (error) {
        log.warn('chart failed; summary as text only', { networkId: network.id, error: error instanceof Error ? error : String(error) });
      }
    }
    return summaryMessage(mctx, {
      networkName: network.settings.name,
      networkId: network.id,
      trend,
      suggestions: await withoutSettledAgreements(store, suggestionsFor(content, points)),
      adopted: await adoptedItems(store, network.id),
      withPostButton,
      ...(chart ? { chart } : {}),
    });
  };

  return {
    async summary(channel, actor, options = {}) {
      const network = await ctx.requireCoordinator(channel, actor);
      return buildSummary(network, options.rounds ?? TREND_ROUNDS, true, await ctx.channelContext(channel));
    },

    async postSummary(channel, actor) {
      const network = await ctx.requireCoordinator(channel, actor);
      const message = await buildSummary(network, TREND_ROUNDS, false, await ctx.channelContext(channel));
      const binding = (await store.bindings.forNetwork(network.id)).find((b) => b.platform === channel.platform && b.workspace === channel.workspace && b.channel === channel.channel);
      const gateway = ctx.gateway(channel.platform);
      if (!binding || !gateway) throw new DomainError('network_not_found');
      await gateway.post(binding, message);
    },

    async exportCsv(channel, actor) {
      const network = await ctx.requireCoordinator(channel, actor);
      const rounds = (await store.rounds.closedFor(network.id, 10_000)).reverse();
      const day = clock.now().toISOString().slice(0, 10);
      const slug = network.settings.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'network';
      log.info('export', { networkId: network.id, rounds: rounds.length });
      return { filename: `thermometer-${slug}-${day}.csv`, csv: exportCsv(rounds) };
    },

    async moreInterventions(roundId, actor, channel) {
      const { round, network, binding } = await ctx.roundFor(roundId, actor, channel);
      if (round.status !== 'closed' || !round.result) throw new DomainError('no_closed_round');
      const points = await trendPoints(store, network.id, { upTo: round.id });
      // The reply is the clicker's alone: a coordinator gets a button per suggestion to adopt it.
      const adoptable = await store.coordinators.includes(network.id, actor);
      const suggestions = await withoutSettledAgreements(store, suggestionsFor(content, points));
      return interventionsMessage(ctx.messageContext(network, binding?.language), {
        networkName: network.settings.name,
        suggestions,
        result: round.result,
        roundId: round.id,
        adoptable,
        adopted: await adoptedItems(store, network.id),
      });
    },

    tips: async (channel, level, lang) => tipsMessage(await contextFor(channel, lang), level),
    help: async (channel, lang) => helpMessage(await contextFor(channel, lang)),
    async privacy(channel, lang) {
      const network = await ctx.networkFor(channel);
      return privacyMessage(await contextFor(channel, lang), network?.settings ?? DEFAULT_SETTINGS);
    },
  };
}
