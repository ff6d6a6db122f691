/**
 * Configuring a network from its channel: the setup form, creating or editing the
 * network, and remembering or forgetting channels as the bot is added or removed.
 * Whoever asks for the first setup becomes a coordinator — that person and nobody else:
 * the form carries a claim bound to them and to the channel, and a first setup is taken
 * only with the claim of the person submitting it. Afterwards only coordinators may
 * change the settings. The confirmation shows the network's join code to the coordinator
 * who set it up (only to them: it is a credential).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../core/errors.ts';
import type { ChatMessage, Form, FormValues } from '../core/message.ts';
import { DEFAULT_SETTINGS, userKey, type ChannelBinding, type ChannelRef, type Language, type Network, type UserRef } from '../core/network.ts';
import type { Coordinator } from '../core/store-port.ts';
import type { AppContext } from './context.ts';
import { issueJoinCode } from './joining.ts';
import { joinCodeBlocks, setupConfirmation, setupForm, texts } from './messages/index.ts';
import { assertScheduleFits, runsOf, upcomingFor } from './planning.ts';
import { parseSetup } from './setup-input.ts';
import { newId } from './tokens.ts';

export interface SetupOutcome {
  network: Network;
  /** For the coordinator who submitted only: with the join code when there is a new one. */
  confirmation: ChatMessage;
  /** The same without the join code, for a place others see too (a card in a Teams channel). */
  channelConfirmation: ChatMessage;
}

export interface SetupUseCases {
  /** The network bound to a channel, if any. */
  networkFor(channel: ChannelRef): Promise<Network | undefined>;
  /** Language to answer in for a channel: the network's, or Dutch before setup. */
  languageFor(channel: ChannelRef): Promise<Language>;
  /** The setup form, prefilled with the current settings (or defaults). */
  setupForm(channel: ChannelRef, actor: UserRef): Promise<Form>;
  /**
   * Creates or edits the network of this channel from submitted form values. The actor
   * becomes a coordinator; on an existing network only coordinators may edit. A first
   * setup needs `formContext`, the context of the form this same person asked for in
   * this channel (DomainError 'setup_not_requested' otherwise), so nobody can take over
   * a setup someone else started. Returns the network and a confirmation showing the
   * next three planned rounds — for the coordinator with the network's join code (a new
   * network's, or none: a code is kept only as a hash), and without it for the channel.
   */
  submitSetup(binding: Omit<ChannelBinding, 'networkId'>, actor: UserRef, values: FormValues, formContext: string): Promise<SetupOutcome>;
  /** Remembers a channel (Teams install) without configuring a network yet. */
  rememberChannel(binding: Omit<ChannelBinding, 'networkId'>): Promise<void>;
  /** Bot removed from a channel: stop scheduling there. */
  forgetChannel(channel: ChannelRef): Promise<void>;
  /** Throws DomainError('not_a_coordinator', { names }) for anyone else. */
  requireCoordinator(channel: ChannelRef, user: UserRef): Promise<Network>;
}

/**
 * The claim a setup form carries: a MAC over the channel and the person who asked, under
 * a key that lives only in this process's memory. It names nobody and is never stored;
 * a restart only means asking for the form again.
 */
function setupClaim(key: Uint8Array, channel: ChannelRef, actor: UserRef): string {
  const mac = createHmac('sha256', key).update(`setup\n${channel.platform}:${channel.workspace}:${channel.channel}\n${userKey(actor)}`).digest('base64url');
  return `setup.${mac}`;
}

function sameClaim(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createSetupUseCases(ctx: AppContext): SetupUseCases {
  const { store, clock, random, content, log } = ctx;
  const claimKey = random.bytes(32);

  return {
    networkFor: ctx.networkFor,
    languageFor: async (channel) => (await ctx.channelContext(channel)).lang,
    requireCoordinator: ctx.requireCoordinator,

    async setupForm(channel, actor) {
      const existing = await ctx.networkFor(channel);
      if (existing) await ctx.requireCoordinator(channel, actor);
      const coordinators = existing
        ? (await store.coordinators.list(existing.id)).filter((c) => c.platform === actor.platform && c.workspace === actor.workspace).map((c) => c.user)
        : [actor.user];
      return setupForm(ctx.messageContext(existing), existing?.settings ?? DEFAULT_SETTINGS, coordinators, setupClaim(claimKey, channel, actor));
    },

    async submitSetup(binding, actor, values, formContext) {
      const existing = await ctx.networkFor(binding);
      if (existing) await ctx.requireCoordinator(binding, actor);
      else if (!sameClaim(formContext, setupClaim(claimKey, binding, actor))) throw new DomainError('setup_not_requested');
      const { settings, coordinators } = parseSetup(values, existing?.settings ?? DEFAULT_SETTINGS, content);
      const now = clock.now();
      assertScheduleFits(settings, now, runsOf(ctx));
      // The one who submits stays a coordinator, so nobody locks themselves out.
      const people: Coordinator[] = [
        { platform: actor.platform, workspace: actor.workspace, user: actor.user, ...(actor.name ? { name: actor.name } : {}) },
        ...coordinators.filter((id) => id !== actor.user).map((user) => ({ platform: actor.platform, workspace: actor.workspace, user })),
      ];
      const network = await store.transaction(async (tx) => {
        let net: Network;
        if (existing) {
          net = { ...existing, settings, scheduleChangedAt: now };
          await tx.networks.updateSettings(existing.id, settings);
          // Planned rounds follow the new settings; the scheduler plans them again from
          // now, so the rounds the confirmation lists are the ones that happen.
          await tx.networks.markScheduleChanged(existing.id, now);
          await tx.rounds.deleteScheduled(existing.id);
        } else {
          net = { id: newId(random), settings, createdAt: now };
          await tx.networks.create(net);
        }
        // The first channel gets a name for the results, as later ones do when they join.
        const label = existing ? undefined : texts(ctx.messageContext(net)).tx('join.default_label', { n: 1 });
        await tx.bindings.upsert({ ...binding, networkId: net.id, ...(label ? { label } : {}) });
        await tx.coordinators.replace(net.id, actor.platform, actor.workspace, people);
        return net;
      });
      log.info(existing ? 'network updated' : 'network created', { networkId: network.id, platform: binding.platform });
      const state = { scheduled: [], open: await store.rounds.openFor(network.id), lastOpensAt: await store.rounds.lastOpensAt(network.id) };
      const plannedRuns = upcomingFor(network, state, now, runsOf(ctx), 3).map((r) => r.opensAt);
      // A new network gets its join code; so does one from before join codes existed.
      const code = existing && (await store.joinCodes.has(network.id)) ? undefined : await issueJoinCode(ctx, network.id);
      const mctx = await ctx.channelContext(binding);
      const channelConfirmation = setupConfirmation(mctx, { network, created: !existing, plannedRuns });
      const confirmation = { ...channelConfirmation, blocks: [...channelConfirmation.blocks, { kind: 'divider' as const }, ...joinCodeBlocks(mctx, { networkId: network.id, code })] };
      return { network, confirmation, channelConfirmation };
    },

    async rememberChannel(binding) {
      await store.bindings.upsert({ ...binding, networkId: null });
    },

    async forgetChannel(channel) {
      await store.bindings.remove(channel);
      log.info('channel forgotten', { platform: channel.platform });
    },
  };
}
