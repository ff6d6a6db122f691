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
import { assertScheduleFits, runsOf, upcomingFor } from './planning.ts';
import { parseSetup } from './setup-input.ts';
import { newId } from './tokens.ts';

export interface SetupUseCases {
  networkFor(channel: ChannelRef): Network | undefined;
  languageFor(channel: ChannelRef): Language;
  setupForm(channel: ChannelRef, actor: UserRef): Form;
  submitSetup(binding: Omit<ChannelBinding, 'networkId'>, actor: UserRef, values: FormValues): { network: Network; confirmation: ChatMessage };
  rememberChannel(binding: Omit<ChannelBinding, 'networkId'>): void;
  forgetChannel(channel: ChannelRef): void;
  requireCoordinator(channel: ChannelRef, user: UserRef): Network;
}

export function createSetupUseCases(ctx: AppContext): SetupUseCases {
  const { store, clock, random, content, log } = ctx;

  return {
    networkFor: ctx.networkFor,
    languageFor: (channel) => ctx.networkFor(channel)?.settings.language ?? DEFAULT_SETTINGS.language,
    requireCoordinator: ctx.requireCoordinator,

    setupForm(channel, actor) {
      const existing = ctx.networkFor(channel);
      if (existing) ctx.requireCoordinator(channel, actor);
      const coordinators = existing
        ? store.coordinators.list(existing.id).filter((c) => c.platform === actor.platform && c.workspace === actor.workspace).map((c) => c.user)
        : [actor.user];
      return setupForm(ctx.messageContext(existing), existing?.settings ?? DEFAULT_SETTINGS, coordinators, existing?.id ?? '');
    },

    submitSetup(binding, actor, values) {
      const existing = ctx.networkFor(binding);
      if (existing) ctx.requireCoordinator(binding, actor);
      const { settings, coordinators } = parseSetup(values, existing?.settings ?? DEFAULT_SETTINGS, content);
      const now = clock.now();
      assertScheduleFits(settings, now, runsOf(ctx));
      // The one who submits stays a coordinator, so nobody locks themselves out.
      const people: Coordinator[] = [
        { platform: actor.platform, workspace: actor.workspace, user: actor.user, ...(actor.name ? { name: actor.name } : {}) },
        ...coordinators.filter((id) => id !== actor.user).map((user) => ({ platform: actor.platform, workspace: actor.workspace, user })),
      ];
      const network = store.transaction(() => {
        let net: Network;
        if (existing) {
          net = { ...existing, settings, scheduleChangedAt: now };
          store.networks.updateSettings(existing.id, settings);
          // Planned rounds follow the new settings; the scheduler plans them again from
          // now, so the rounds the confirmation lists are the ones that happen.
          store.networks.markScheduleChanged(existing.id, now);
          store.rounds.deleteScheduled(existing.id);
        } else {
          net = { id: newId(random), settings, createdAt: now };
          store.networks.create(net);
        }
        store.bindings.upsert({ ...binding, networkId: net.id });
        store.coordinators.replace(net.id, actor.platform, actor.workspace, people);
        return net;
      });
      log.info(existing ? 'network updated' : 'network created', { networkId: network.id, platform: binding.platform });
      const state = { scheduled: [], open: store.rounds.openFor(network.id), lastOpensAt: store.rounds.lastOpensAt(network.id) };
      const plannedRuns = upcomingFor(network, state, now, runsOf(ctx), 3).map((r) => r.opensAt);
      return { network, confirmation: setupConfirmation(ctx.messageContext(network), { network, created: !existing, plannedRuns }) };
    },

    rememberChannel(binding) {
      store.bindings.upsert({ ...binding, networkId: null });
    },

    forgetChannel(channel) {
      store.bindings.remove(channel);
      log.info('channel forgotten', { platform: channel.platform });
    },
  };
}
