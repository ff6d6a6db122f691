/**
 * Configuring a network from its channel: the setup form, creating or editing the
 * network, and remembering or forgetting channels as the bot is added or removed.
 * Whoever runs the first setup becomes a coordinator; afterwards only coordinators may
 * change the settings.
 */
import type { ChatMessage, Form, FormValues } from '../core/message.ts';
import { DEFAULT_SETTINGS, type ChannelBinding, type ChannelRef, type Language, type Network, type UserRef } from '../core/network.ts';
import type { Coordinator } from '../core/store-port.ts';
import type { AppContext } from './context.ts';
import { setupConfirmation, setupForm } from './messages/index.ts';
import { parseSetup } from './setup-input.ts';
import { newId } from './tokens.ts';

export interface SetupUseCases {
  networkFor(channel: ChannelRef): Promise<Network | undefined>;
  languageFor(channel: ChannelRef): Promise<Language>;
  setupForm(channel: ChannelRef, actor: UserRef): Promise<Form>;
  submitSetup(binding: Omit<ChannelBinding, 'networkId'>, actor: UserRef, values: FormValues): Promise<{ network: Network; confirmation: ChatMessage }>;
  rememberChannel(binding: Omit<ChannelBinding, 'networkId'>): Promise<void>;
  forgetChannel(channel: ChannelRef): Promise<void>;
  requireCoordinator(channel: ChannelRef, user: UserRef): Promise<Network>;
}

export function createSetupUseCases(ctx: AppContext): SetupUseCases {
  const { store, clock, random, content, log } = ctx;

  return {
    networkFor: ctx.networkFor,
    languageFor: async (channel) => (await ctx.networkFor(channel))?.settings.language ?? DEFAULT_SETTINGS.language,
    requireCoordinator: ctx.requireCoordinator,

    async setupForm(channel, actor) {
      const existing = await ctx.networkFor(channel);
      if (existing) await ctx.requireCoordinator(channel, actor);
      const coordinators = existing
        ? (await store.coordinators.list(existing.id)).filter((c) => c.platform === actor.platform && c.workspace === actor.workspace).map((c) => c.user)
        : [actor.user];
      return setupForm(ctx.messageContext(existing), existing?.settings ?? DEFAULT_SETTINGS, coordinators, existing?.id ?? '');
    },

    async submitSetup(binding, actor, values) {
      const existing = await ctx.networkFor(binding);
      if (existing) await ctx.requireCoordinator(binding, actor);
      const { settings, coordinators } = parseSetup(values, existing?.settings ?? DEFAULT_SETTINGS, content);
      // The one who submits stays a coordinator, so nobody locks themselves out.
      const people: Coordinator[] = [
        { platform: actor.platform, workspace: actor.workspace, user: actor.user, ...(actor.name ? { name: actor.name } : {}) },
        ...coordinators.filter((id) => id !== actor.user).map((user) => ({ platform: actor.platform, workspace: actor.workspace, user })),
      ];
      const network = await store.transaction(async (tx) => {
        let net: Network;
        if (existing) {
          net = { ...existing, settings };
          await tx.networks.updateSettings(existing.id, settings);
          // Planned rounds follow the new schedule; the scheduler plans them again.
          await tx.rounds.deleteScheduled(existing.id);
        } else {
          net = { id: newId(random), settings, createdAt: clock.now() };
          await tx.networks.create(net);
        }
        await tx.bindings.upsert({ ...binding, networkId: net.id });
        await tx.coordinators.replace(net.id, actor.platform, actor.workspace, people);
        return net;
      });
      log.info(existing ? 'network updated' : 'network created', { networkId: network.id, platform: binding.platform });
      const plannedRuns = ctx.plannedRuns?.(settings.schedule, settings.timeZone, clock.now(), 3);
      return { network, confirmation: setupConfirmation(ctx.messageContext(network), { network, created: !existing, plannedRuns }) };
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
