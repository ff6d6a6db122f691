/**
 * One network across channels, workspaces, tenants and platforms: the join code and
 * what it lets a channel do. A coordinator hands out the network's code; in another
 * channel (any Slack workspace, any Teams tenant) `join <code>` binds that channel to the
 * network and makes the person who typed it a coordinator there. From then on rounds
 * open in every bound channel at once, the count and the results are the network's, and
 * the channel is a group dimension. `leave` unbinds a channel again; `code` makes a new
 * code (the old one stops working); `channel` names a channel and sets its language.
 *
 * A wrong code gets one polite refusal whatever was wrong with it — malformed, rotated
 * away, never issued — and counts towards the brake on guessing (join-codes.ts). Nothing
 * in the refusal says whether a network exists.
 */
import { DomainError } from '../core/errors.ts';
import { newJoinCode, normalizeJoinCode } from '../core/join-code.ts';
import type { ChatMessage } from '../core/message.ts';
import type { ChannelBinding, ChannelRef, Language, Network, UserRef } from '../core/network.ts';
import type { AppContext } from './context.ts';
import { sameChannel } from './context.ts';
import { hashJoinCode, joinLimits } from './join-codes.ts';
import { channelsMessage, joinedMessage, leftMessage, newJoinCodeMessage, notice, texts } from './messages/index.ts';
import type { Posting } from './posting.ts';
import type { RoundUseCases } from './rounds.ts';

/** Channel labels are typed text, shown in results: short and on one line. */
export const LABEL_MAX = 80;

export interface JoinUseCases {
  /**
   * `join <code> [label]`: binds this channel (any workspace or tenant, either platform) to
   * the network the code belongs to, with a label for results (typed, or "Kanaal n"), and
   * makes the actor a coordinator there. An open round is posted here at once. Refuses a
   * bound channel (DomainError 'channel_already_bound'), a wrong code without saying why
   * ('join_code_invalid', counted), and anyone after too many wrong codes within the hour
   * ('join_rate_limited'). The reply is for the channel: it holds no code.
   */
  join(binding: Omit<ChannelBinding, 'networkId'>, actor: UserRef, code: string, label?: string): Promise<ChatMessage>;
  /** Coordinators: unbinds this channel from its network; never the network's last channel ('last_channel'). */
  leave(channel: ChannelRef, actor: UserRef): Promise<ChatMessage>;
  /** Coordinators: a new join code (the old one stops working), for the coordinator only. */
  rotateJoinCode(channel: ChannelRef, actor: UserRef): Promise<ChatMessage>;
  /** Coordinators: the network's channels; with a change, first renames this channel or sets its language. */
  channels(channel: ChannelRef, actor: UserRef, change?: { label?: string; language?: Language }): Promise<ChatMessage>;
  /** The app was uninstalled from a workspace: its channels stop taking part. Returns how many. */
  forgetWorkspace(platform: ChannelRef['platform'], workspace: string): Promise<number>;
}

/**
 * The words after `channel` as a change: `name <name>` (or `naam`) renames this channel,
 * `language nl|en` (or `taal`) sets its language; anything else changes nothing and
 * only shows the channels. Names keep the case they were typed in.
 */
export function channelChange(typed: readonly string[]): { label?: string; language?: Language } | undefined {
  const [what = '', value = ''] = typed.map((w) => w.toLowerCase());
  if (what === 'name' || what === 'naam') return { label: typed.slice(1).join(' ') };
  if ((what === 'language' || what === 'taal') && (value === 'nl' || value === 'en')) return { language: value };
  return undefined;
}

/** A label as it may be stored: one line, trimmed, at most LABEL_MAX characters; undefined when empty. */
export function cleanLabel(typed: string | undefined): string | undefined {
  const label = typed?.replace(/\s+/g, ' ').trim().slice(0, LABEL_MAX).trim();
  return label ? label : undefined;
}

/**
 * Makes a new join code for a network and stores its hash (replacing the old one);
 * returns the code, which exists nowhere else from now on.
 */
export async function issueJoinCode(ctx: Pick<AppContext, 'random' | 'store'>, networkId: string): Promise<string> {
  const code = newJoinCode(ctx.random);
  await ctx.store.joinCodes.set(networkId, await hashJoinCode(code));
  return code;
}

export function createJoinUseCases(ctx: AppContext, posting: Posting, rounds: Pick<RoundUseCases, 'currentRoundMessage'>): JoinUseCases {
  const { store, clock, log } = ctx;
  const limits = joinLimits(store, ctx.subjectKey);

  /** An open round shows up in a channel that joins while it runs. */
  const postOpenRound = async (network: Network, binding: ChannelBinding): Promise<boolean> => {
    const open = await store.rounds.openFor(network.id);
    if (!open) return false;
    const message = await rounds.currentRoundMessage(open, network);
    await posting.postOnce(open.id, 'round', binding, await message(binding));
    return true;
  };

  return {
    async join(binding, actor, typed, typedLabel) {
      const now = clock.now();
      await limits.assertMayTry(actor, now);
      // Before the code is even looked at: a bound channel says nothing about codes.
      if ((await store.bindings.find(binding))?.networkId) throw new DomainError('channel_already_bound');
      const code = normalizeJoinCode(typed);
      // Hashed whatever was typed, so a malformed code takes as long as a wrong one.
      const hash = await hashJoinCode(code ?? typed.slice(0, 64));
      const networkId = code ? await store.joinCodes.networkFor(hash) : undefined;
      const network = networkId ? await store.networks.get(networkId) : undefined;
      if (!network) {
        await limits.recordFailure(actor, now);
        log.info('join refused: wrong code', { platform: actor.platform });
        throw new DomainError('join_code_invalid');
      }
      const mctx = ctx.messageContext(network);
      const bound = await store.transaction(async (tx) => {
        const count = (await tx.bindings.forNetwork(network.id)).length;
        const label = cleanLabel(typedLabel) ?? texts(mctx).tx('join.default_label', { n: count + 1 });
        await tx.bindings.upsert({ ...binding, networkId: network.id, label });
        await tx.coordinators.add(network.id, { platform: actor.platform, workspace: actor.workspace, user: actor.user, ...(actor.name ? { name: actor.name } : {}) });
        return (await tx.bindings.find(binding)) as ChannelBinding;
      });
      log.info('channel joined a network', { networkId: network.id, platform: binding.platform });
      const roundOpen = await postOpenRound(network, { ...bound, networkId: network.id });
      return joinedMessage(ctx.messageContext(network, bound.language), { networkName: network.settings.name, label: bound.label ?? '', roundOpen });
    },

    async leave(channel, actor) {
      const network = await ctx.requireCoordinator(channel, actor);
      await store.transaction(async (tx) => {
        const bindings = await tx.bindings.forNetwork(network.id);
        if (bindings.length <= 1) throw new DomainError('last_channel');
        await tx.bindings.unbind(channel);
        // Coordinators there coordinate nothing any more once their workspace has no channel left.
        const stays = bindings.some((b) => !sameChannel(b, channel) && b.platform === channel.platform && b.workspace === channel.workspace);
        if (!stays) await tx.coordinators.replace(network.id, channel.platform, channel.workspace, []);
      });
      log.info('channel left its network', { networkId: network.id, platform: channel.platform });
      return leftMessage(ctx.messageContext(network), network.settings.name);
    },

    async rotateJoinCode(channel, actor) {
      const network = await ctx.requireCoordinator(channel, actor);
      const code = await issueJoinCode(ctx, network.id);
      log.info('join code renewed', { networkId: network.id });
      return newJoinCodeMessage(await ctx.channelContext(channel), { networkName: network.settings.name, networkId: network.id, code });
    },

    async channels(channel, actor, change) {
      const network = await ctx.requireCoordinator(channel, actor);
      // An empty name changes nothing: the overview shows what there is.
      const label = cleanLabel(change?.label);
      const changed = label !== undefined || change?.language !== undefined;
      if (changed) await store.bindings.describe(channel, { ...(label ? { label } : {}), ...(change?.language ? { language: change.language } : {}) });
      const bindings = await store.bindings.forNetwork(network.id);
      const mctx = await ctx.channelContext(channel);
      const overview = channelsMessage(mctx, {
        networkName: network.settings.name,
        networkLanguage: network.settings.language,
        channels: bindings.map((b) => ({ label: b.label, platform: b.platform, language: b.language, here: sameChannel(b, channel) })),
      });
      return changed ? { ...overview, blocks: [...notice(mctx, 'channels.updated').blocks, ...overview.blocks] } : overview;
    },

    async forgetWorkspace(platform, workspace) {
      const n = await store.bindings.unbindWorkspace(platform, workspace);
      log.info('workspace forgotten', { platform, channels: n });
      return n;
    },
  };
}
