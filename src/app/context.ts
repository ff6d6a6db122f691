/**
 * What every use case shares: the dependencies, the network behind a channel, the
 * coordinator check, the message context of a network, and looking up a platform's
 * gateway at call time.
 */
import { DomainError } from '../core/errors.ts';
import { DEFAULT_SETTINGS, type ChannelRef, type Network, type Platform, type UserRef } from '../core/network.ts';
import type { ChatGateway } from '../core/ports.ts';
import type { StoredRound } from '../core/store-port.ts';
import type { AppDeps } from './deps.ts';
import type { MessageContext } from './messages/format.ts';
import { mentionList } from './messages/mention.ts';

export interface AppContext extends AppDeps {
  networkFor: (channel: ChannelRef) => Promise<Network | undefined>;
  requireNetwork: (channel: ChannelRef) => Promise<Network>;
  requireCoordinator: (channel: ChannelRef, user: UserRef) => Promise<Network>;
  /** The message context of a network (its language and time zone), or the defaults. */
  messageContext: (network: Network | undefined) => MessageContext;
  gateway: (platform: Platform) => ChatGateway | undefined;
  /**
   * A round and its network, for someone acting on it from a platform workspace. A
   * round of a network not bound in that workspace does not exist for them.
   */
  roundFor: (roundId: string, user: UserRef) => Promise<{ round: StoredRound; network: Network }>;
}

export function createContext(deps: AppDeps): AppContext {
  const { store, content } = deps;

  const networkFor = async (channel: ChannelRef): Promise<Network | undefined> => {
    const binding = await store.bindings.find(channel);
    return binding?.networkId ? store.networks.get(binding.networkId) : undefined;
  };

  const requireNetwork = async (channel: ChannelRef): Promise<Network> => {
    const network = await networkFor(channel);
    if (!network) throw new DomainError('network_not_found');
    return network;
  };

  return {
    ...deps,
    networkFor,
    requireNetwork,
    async requireCoordinator(channel, user) {
      const network = await requireNetwork(channel);
      if (!(await store.coordinators.includes(network.id, user))) {
        throw new DomainError('not_a_coordinator', { names: mentionList(await store.coordinators.list(network.id)) });
      }
      return network;
    },
    messageContext(network) {
      const settings = network?.settings ?? DEFAULT_SETTINGS;
      return { content, lang: settings.language, timeZone: settings.timeZone };
    },
    gateway: (platform) => deps.chat.get(platform),
    async roundFor(roundId, user) {
      const round = await store.rounds.get(roundId);
      const network = round ? await store.networks.get(round.networkId) : undefined;
      const reachable = network && (await store.bindings.forNetwork(network.id)).some((b) => b.platform === user.platform && b.workspace === user.workspace);
      if (!round || !network || !reachable) throw new DomainError('round_not_found');
      return { round, network };
    },
  };
}
