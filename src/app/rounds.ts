/**
 * Opening, reminding and closing rounds, by a coordinator or by the scheduler, across
 * the two stores. Opening creates the round's linkage first, then opens the round in the
 * archive with the intent to post, in one transaction. Closing seals the linkage,
 * writes the result and the shuffled answers to the archive in one transaction, and
 * then destroys the linkage. A crash between any two steps is finished by the next call
 * (or the recovery sweep) instead of repeated.
 */
import { assertMayCloseNow } from '../core/close-margin.ts';
import { DomainError } from '../core/errors.ts';
import { inert } from '../core/inert-text.ts';
import type { ChatMessage } from '../core/message.ts';
import type { AskedAgreement } from '../core/agreement-ratings.ts';
import type { ChannelBinding, ChannelRef, Language, Network, UserRef } from '../core/network.ts';
import type { RoundResult, TrendPoint } from '../core/result.ts';
import type { Round } from '../core/round.ts';
import type { StoredRound } from '../core/store-port.ts';
import { adoptedItems, askAgreements, askedAgreements, withoutSettledAgreements } from './agreement-rounds.ts';
import { choosePrompt, finalResult, suggestionsFor, trendOf, trendPoints } from './analysis.ts';
import { t } from '../content/i18n.ts';
import { reminderAt, roundTimes } from '../core/schedule.ts';
import { createClaims, JOBS } from './claims.ts';
import { labelChannels } from './channel-labels.ts';
import type { AppContext, MessageFor } from './context.ts';
import { deliveryCutoff } from './deliveries.ts';
import { reminderMessage, resultsMessage, roundMessage } from './messages/index.ts';
import type { Posting } from './posting.ts';
import { newId, newSecret, participationToken, rewriteForClose } from './tokens.ts';


/** Direct reminders under way at once per channel; the gateway's limits pace them further. */
const REMINDERS_AT_ONCE = 8;
/** An open round's live state as a request just read it: its count, the agreements it asks about, the network's channels. */
export interface KnownRoundState {
  count: number;
  agreements: AskedAgreement[];
  bindings: readonly ChannelBinding[];
}

export interface RoundUseCases {
  /** `/thermometer now`: opens a round at once and posts it to every bound channel. */
  openRoundNow(channel: ChannelRef, actor: UserRef): Promise<Round>;
  /** `/thermometer close`: closes the open round early and posts the results. */
  closeRoundNow(channel: ChannelRef, actor: UserRef): Promise<{ round: Round; result: RoundResult }>;
  /** Scheduler entry points (no actor). Idempotent: a second call does nothing. */
  openScheduledRound(roundId: string): Promise<Round | undefined>;
  closeRound(roundId: string): Promise<{ round: Round; result: RoundResult } | undefined>;
  /**
   * Plans a round of a network to open at `opensAt` (closing after the network's open
   * days, with its reminder). Planning the same moment twice returns the planned round.
   * Undefined when the network no longer exists.
   */
  scheduleRound(networkId: string, opensAt: Date): Promise<Round | undefined>;
  /** Posts the channel reminder of an open round once (and DMs when enabled); false when not due. */
  remindRound(roundId: string): Promise<boolean>;
  /**
   * An open round whose every channel is gone (archived, deleted, bot removed) is closed
   * quietly and its coordinators are told in a direct message. False when it has a channel.
   */
  closeIfChannelsGone(roundId: string): Promise<boolean>;
  /**
   * Sends posts that were intended but not sent (a crash, a platform not mounted yet):
   * round messages of open rounds and results of the latest closed round. Never posts
   * twice. Returns how many went out. Call at start and on every tick.
   */
  resumePending(): Promise<number>;
  /**
   * The round message as it should look now (live count, or closed), in each channel's
   * language; `known`: what the caller read for this request a moment ago, not read again.
   */
  currentRoundMessage: (round: StoredRound, network: Network, known?: KnownRoundState) => Promise<MessageFor>;
  /** The results post of a closed round, rebuilt from what was stored at close, in `lang` (default: the network's). */
  resultsOf: (round: StoredRound, network: Network, lang?: Language) => Promise<ChatMessage>;
}

/** Strips what only the store knows, so callers get a plain Round. */
export const plainRound = (r: StoredRound): Round => ({
  id: r.id,
  networkId: r.networkId,
  status: r.status,
  instrument: r.instrument,
  k: r.k,
  opensAt: r.opensAt,
  closesAt: r.closesAt,
  remindAt: r.remindAt,
  openedAt: r.openedAt,
  closedAt: r.closedAt,
});

export function createRoundUseCases(ctx: AppContext, posting: Posting): RoundUseCases {
  const { store, linkage, clock, random, content, log } = ctx;
  const claims = createClaims(ctx);

  const plan = (network: Network, opensAt: Date, id: string = newId(random)): Round => {
    const s = network.settings;
    return { id, networkId: network.id, status: 'scheduled', instrument: s.instrument, k: s.k, ...roundTimes(opensAt, s), openedAt: null, closedAt: null };
  };

  /** The live count while open (from the linkage), the stored answers once closed. */
  const countOf = (round: StoredRound): Promise<number> => (round.status === 'closed' ? store.answers.count(round.id) : linkage.count(round.id));

  /**
   * The live count is the network's total: the same in every channel. An open round shows
   * the agreements it asks about in every channel, headed in the channel's language.
   */
  const currentRoundMessage = async (round: StoredRound, network: Network, known?: KnownRoundState): Promise<MessageFor> => {
    const count = known?.count ?? (await countOf(round));
    const agreements = known?.agreements ?? (round.status === 'open' ? await askedAgreements(store, round.id) : []);
    return ctx.perChannel(
      network,
      async (mctx) => roundMessage(mctx, { networkName: network.settings.name, round, count, ...(agreements.length > 0 ? { agreements } : {}) }),
      known?.bindings,
    );
  };

  const resultsFor = (round: StoredRound, network: Network): Promise<MessageFor> =>
    ctx.perChannel(network, (mctx) => resultsOf(round, network, mctx.lang));

  const resultsOf = async (round: StoredRound, network: Network, lang?: Language): Promise<ChatMessage> => {
    const mctx = ctx.messageContext(network, lang);
    const points = await trendPoints(store, network.id, { upTo: round.id });
    const latest = points.at(-1);
    if (!latest || !round.closedAt) throw new DomainError('no_closed_round');
    const prompt = round.promptId ? content.prompts.find((p) => p.id === round.promptId) : undefined;
    const chart = latest.result.shown && ctx.renderChart ? await renderChart(points, network, round.instrument, mctx.lang) : undefined;
    return resultsMessage(mctx, {
      networkName: network.settings.name,
      roundId: round.id,
      openedAt: round.openedAt,
      closedAt: round.closedAt,
      result: latest.result,
      trend: trendOf(points),
      suggestions: await withoutSettledAgreements(store, suggestionsFor(content, points)),
      adopted: await adoptedItems(store, network.id),
      prompt,
      ...(chart ? { chart } : {}),
    });
  };

  const renderChart = async (points: TrendPoint[], network: Network, instrument: string, lang: Language) => {
    try {
      return await ctx.renderChart?.({ points, lang, instrument });
    } catch (error) {
      log.warn('chart failed; posting text only', { networkId: network.id, error: error instanceof Error ? error : String(error) });
      return undefined;
    }
  };

  /**
   * scheduled → open, then post to every channel. The linkage comes first: a round is
   * never open in the archive without a secret to answer with.
   */
  const openAndPost = async (round: StoredRound, network: Network): Promise<StoredRound | undefined> => {
    await linkage.create(round.id, newSecret(random));
    const bindings = await store.bindings.forNetwork(network.id);
    let opened = false;
    try {
      opened = await store.transaction(async (tx) => {
        if (!(await tx.rounds.open(round.id, clock.now()))) return false;
        await askAgreements(tx, network.id, round.id);
        await posting.intendAll(tx, round.id, 'round', bindings);
        return true;
      });
    } finally {
      // Not opened here: opened by another process (its linkage is in use), or skipped or
      // gone (then nothing may keep a secret for it).
      if (!opened && (await store.rounds.get(round.id))?.status !== 'open') await linkage.destroy(round.id);
    }
    if (!opened) return undefined;
    log.info('round opened', { roundId: round.id, networkId: network.id, channels: bindings.length });
    const fresh = await store.rounds.get(round.id);
    if (!fresh) return undefined;
    await posting.sendPending(round.id, 'round', await currentRoundMessage(fresh, network));
    return fresh;
  };

  /**
   * Seals the linkage (no change after this), stores the result with the answers shuffled
   * under new ids and the results post intents in one archive transaction, then destroys
   * the linkage. Repeatable: sealing again returns the same answers.
   */
  /** `guard` refuses the close at the moment of sealing (see LinkageStore.seal). */
  const closeAndPost = async (round: StoredRound, network: Network, guard?: (count: number) => void): Promise<{ round: Round; result: RoundResult } | undefined> => {
    const now = clock.now();
    const current = await store.rounds.get(round.id);
    if (current?.status !== 'open') return undefined;
    const sealed = await linkage.seal(round.id, guard);
    if (!sealed) log.warn('round closed without its linkage; its answers were lost', { roundId: round.id, networkId: network.id });
    const answers = sealed ?? [];
    // Channel groups keep the labels their channels had at close.
    const result = labelChannels(
      finalResult(content, current, network.settings, answers, random, await askedAgreements(store, round.id)),
      await store.bindings.forNetwork(network.id),
    );
    const closed = await store.transaction(async (tx) => {
      if ((await tx.rounds.get(round.id))?.status !== 'open') return false;
      const points = [...(await trendPoints(tx, network.id)), { roundId: round.id, closedAt: now, result }];
      // Below k too: the next meeting still deserves a good question.
      const prompt = choosePrompt(content, await tx.prompts.used(network.id), points);
      // New ids, new order: nothing in the archive links a stored answer to when or by whom.
      if (!(await tx.rounds.finalize(round.id, { closedAt: now, result, promptId: prompt?.id ?? null, answers: rewriteForClose(answers, random) }))) return false;
      if (prompt) await tx.prompts.markUsed(network.id, prompt.id, now);
      await posting.intendAll(tx, round.id, 'results', await tx.bindings.forNetwork(network.id));
      return true;
    });
    // Closed here or elsewhere: either way the round is not open, so its linkage goes.
    await linkage.destroy(round.id);
    if (!closed) return undefined;
    // Delivery hashes of the round's last clicks go too, as far as replays allow.
    await store.deliveries.pruneBefore(deliveryCutoff(now));
    log.info('round closed', { roundId: round.id, networkId: network.id, n: result.n, shown: result.shown });
    const final = await store.rounds.get(round.id);
    if (!final) return undefined;
    await posting.updateAll(round.id, 'round', await currentRoundMessage(final, network));
    await posting.sendPending(round.id, 'results', await resultsFor(final, network));
    return { round: plainRound(final), result };
  };

  /** Posts still owed for a round (after a crash or a missing gateway). */
  const finishPosts = async (round: StoredRound, network: Network): Promise<number> => {
    let sent = 0;
    if (round.status === 'open' || round.status === 'closed') {
      sent += await posting.sendPending(round.id, 'round', await currentRoundMessage(round, network));
    }
    if (round.status === 'closed') {
      sent += await posting.sendPending(round.id, 'results', await resultsFor(round, network));
    }
    return sent;
  };

  const networkOf = (round: StoredRound): Promise<Network | undefined> => store.networks.get(round.networkId);

  return {
    currentRoundMessage,
    resultsOf,

    async openRoundNow(channel, actor) {
      const network = await ctx.requireCoordinator(channel, actor);
      if (await store.rounds.openFor(network.id)) throw new DomainError('round_already_open');
      // Under the same claims as the scheduler: one opening per network at a time, and
      // the new round's posts are this call's alone until they are sent.
      const id = newId(random);
      const claimed = await claims.run(JOBS.opening(network.id), () =>
        claims.run(JOBS.open(id), async () => {
          if (await store.rounds.openFor(network.id)) return undefined;
          const round = plan(network, clock.now(), id);
          await store.rounds.create(round);
          return openAndPost({ ...round, result: null, promptId: null, remindedAt: null }, network);
        }),
      );
      const opened = claimed.claimed && claimed.value.claimed ? claimed.value.value : undefined;
      if (!opened) throw new DomainError('round_already_open');
      return plainRound(opened);
    },

    async closeRoundNow(channel, actor) {
      const network = await ctx.requireCoordinator(channel, actor);
      const open = await store.rounds.openFor(network.id);
      if (!open) throw new DomainError('no_open_round');
      // Not on a thin margin, where a coordinator and one accomplice could isolate a voter:
      // checked on the count at the moment of sealing, so no answer slips in between.
      const margin = (n: number): void => assertMayCloseNow({ n, k: open.k, now: clock.now(), closesAt: open.closesAt });
      // The scheduler's close job for this round: whoever holds it closes and posts.
      const claimed = await claims.run(JOBS.close(open.id), () => closeAndPost(open, network, margin));
      const closed = claimed.claimed ? claimed.value : undefined;
      if (!closed) throw new DomainError('no_open_round');
      return closed;
    },

    async openScheduledRound(roundId) {
      const round = await store.rounds.get(roundId);
      const network = round && (await networkOf(round));
      if (!round || !network) return undefined;
      if (round.status === 'open') {
        await finishPosts(round, network);
        return undefined;
      }
      if (round.status !== 'scheduled') return undefined;
      // One opening per network at a time (a coordinator's `now` takes the same claim);
      // when it is taken, the next tick decides again.
      const claimed = await claims.run(JOBS.opening(network.id), async () => {
        const now = clock.now();
        const busy = await store.rounds.openFor(network.id);
        const nowhere = (await store.bindings.forNetwork(network.id)).length === 0;
        if (now.getTime() >= round.closesAt.getTime() || busy || nowhere) {
          // Missed entirely, overlapping a round a coordinator opened, or no channel left.
          await store.rounds.skip(round.id);
          log.info('scheduled round skipped', { roundId, networkId: network.id, missed: now >= round.closesAt, busy: Boolean(busy), nowhere });
          return undefined;
        }
        return openAndPost(round, network);
      });
      return claimed.claimed && claimed.value ? plainRound(claimed.value) : undefined;
    },

    async closeRound(roundId) {
      const round = await store.rounds.get(roundId);
      const network = round && (await networkOf(round));
      // Stryker disable next-line LogicalOperator,ConditionalExpression: a round without its network is gone too (cascade), and closeAndPost reads the round again.
      if (!round || !network) return undefined;
      if (round.status === 'closed') {
        await finishPosts(round, network);
        return undefined;
      }
      // Stryker disable next-line ConditionalExpression: closeAndPost refuses a round that is not open as well.
      if (round.status !== 'open') return undefined;
      return closeAndPost(round, network);
    },

    async scheduleRound(networkId, opensAt) {
      const network = await store.networks.get(networkId);
      if (!network) return undefined;
      const existing = (await store.rounds.scheduledFor(networkId)).find((r) => r.opensAt.getTime() === opensAt.getTime());
      if (existing) return plainRound(existing);
      const round = plan(network, opensAt);
      await store.rounds.create(round);
      return round;
    },

    async remindRound(roundId) {
      const round = await store.rounds.get(roundId);
      const network = round && (await networkOf(round));
      const now = clock.now();
      const due = round && reminderAt(round);
      if (!round || !network || round.status !== 'open' || round.remindedAt || !due) return false;
      // Counted from the real opening: a round opened late is not reminded right away.
      if (now < due || now >= round.closesAt) return false;
      // Marked first: a reminder is nice to have, a second one is noise.
      await store.rounds.markReminded(round.id, now);
      const count = await linkage.count(round.id);
      const message = await ctx.perChannel(network, async (mctx) => reminderMessage(mctx, { networkName: network.settings.name, round, count }));
      const bindings = await store.bindings.forNetwork(network.id);
      // Every channel, even when one fails: postOnce records the failure and goes on.
      for (const binding of bindings) await posting.postOnce(round.id, 'reminder', binding, await message(binding));
      if (network.settings.dmReminders) await remindPrivately(round, network, message);
      log.info('round reminded', { roundId, networkId: network.id, count });
      return true;
    },

    async closeIfChannelsGone(roundId) {
      const round = await store.rounds.get(roundId);
      const network = round && (await networkOf(round));
      if (!round || !network || round.status !== 'open') return false;
      const posts = await store.posts.forRound(round.id, 'round');
      if (posts.length === 0 || posts.some((p) => p.state !== 'failed')) return false;
      await closeAndPost(round, network);
      const lang = network.settings.language;
      const text = t(content, lang, 'app.round.channel_gone', { name: inert(network.settings.name) });
      for (const coordinator of await store.coordinators.list(network.id)) {
        const gateway = ctx.gateway(coordinator.platform);
        const via = posts.find((p) => p.platform === coordinator.platform);
        if (!gateway || !via) continue;
        const binding = { platform: via.platform, workspace: via.workspace, channel: via.channel, serviceUrl: via.serviceUrl, networkId: network.id };
        await gateway.direct(coordinator, { text, blocks: [{ kind: 'paragraph', text }] }, binding).catch(() => undefined);
      }
      log.info('round closed quietly: its channels are gone', { roundId: round.id, networkId: network.id });
      return true;
    },

    async resumePending() {
      let sent = 0;
      // Under the round's own job claim, so a process posting it right now is not raced.
      const finish = async (round: StoredRound, network: Network, job: string): Promise<void> => {
        const claimed = await claims.run(job, () => finishPosts(round, network));
        if (claimed.claimed) sent += claimed.value;
      };
      for (const network of await store.networks.all()) {
        const open = await store.rounds.openFor(network.id);
        if (open) await finish(open, network, JOBS.open(open.id));
        const [latest] = await store.rounds.closedFor(network.id, 1);
        if (latest) await finish(latest, network, JOBS.close(latest.id));
      }
      return sent;
    },
  };

  /**
   * Direct reminders to members without an answer yet; checked by token, never stored.
   * People a platform will not let the bot write to privately (another tenant in Teams,
   * often another organisation in Slack) fail quietly: the channel reminder is theirs.
   */
  async function remindPrivately(round: StoredRound, network: Network, message: MessageFor): Promise<void> {
    const secret = await linkage.secret(round.id);
    if (!secret) return;
    for (const binding of await store.bindings.forNetwork(network.id)) {
      const gateway = ctx.gateway(binding.platform);
      const members = gateway ? await gateway.members(binding).catch(() => null) : null;
      if (!gateway || !members) continue;
      const text = await message(binding);
      const unanswered: UserRef[] = [];
      for (const member of members) {
        // Someone of another organisation (a Teams shared channel's guest tenant): the bot
        // cannot write to them privately, so their reminder is the channel's.
        if (member.workspace !== binding.workspace) continue;
        if (!(await linkage.has(round.id, participationToken(secret, member)))) unanswered.push(member);
      }
      // Several at once: the gateway paces each kind of call within the platform's limits
      // (Slack: per method), so a channel of hundreds is not reminded one by one.
      let sent = 0;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < unanswered.length) {
          const member = unanswered[next++] as UserRef;
          try {
            await gateway.direct(member, text, binding);
            sent += 1;
          } catch {
            // Someone who cannot be reached privately still sees the channel reminder.
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(REMINDERS_AT_ONCE, unanswered.length) }, worker));
      log.info('private reminders sent', { roundId: round.id, platform: binding.platform, sent });
    }
  }
}
