/**
 * What every use case shares: the dependencies, the network behind a channel, the
 * coordinator check, the message context of a network (in a channel's own language),
 * looking up a platform's gateway at call time, and who may act on a round from where.
 */
import { DomainError } from '../core/errors.ts';
import type { ChatMessage } from '../core/message.ts';
import { DEFAULT_SETTINGS, type ChannelBinding, type ChannelRef, type Language, type Network, type Platform, type UserRef } from '../core/network.ts';
import type { ChatGateway } from '../core/ports.ts';
import type { StoredRound } from '../core/store-port.ts';
import type { AppDeps } from './deps.ts';
import type { MessageContext } from './messages/format.ts';
import { mentionList } from './messages/mention.ts';

/** A message for each channel a post goes to (its language may differ from the network's). */
export type MessageFor = (channel: ChannelRef) => ChatMessage | Promise<ChatMessage>;

export interface AppContext extends AppDeps {
  networkFor: (channel: ChannelRef) => Promise<Network | undefined>;
  requireNetwork: (channel: ChannelRef) => Promise<Network>;
  requireCoordinator: (channel: ChannelRef, user: UserRef) => Promise<Network>;
  /** The message context of a network (its language and time zone), or the defaults; `lang` overrides the language. */
  messageContext: (network: Network | undefined, lang?: Language) => MessageContext;
  /** The message context for a channel: the channel's own language, else its network's. */
  channelContext: (channel: ChannelRef) => Promise<MessageContext>;
  /**
   * Builds a message once per language and gives each of the network's channels the one
   * in its language (channels that left get the network's).
   */
  perChannel: (network: Network, build: (mctx: MessageContext) => Promise<ChatMessage>, bindings?: readonly ChannelBinding[]) => Promise<MessageFor>;
  gateway: (platform: Platform) => ChatGateway | undefined;
  /**
   * A round and its network, for someone acting on it, and the bound channel they acted
   * in. Reachability is decided by where the action came from: a channel bound to the
   * round's network (Slack Connect and Teams shared channels: people of another
   * organisation answer in the host's channel), or else — a direct message — the
   * person's own workspace having a channel of the network. A round not reachable from
   * there does not exist for them. `binding` is the channel the action came from, or for a
   * direct message the person's workspace's one channel of the network, when there is one.
   * `bindings` are all the network's channels, as read for this (for perChannel).
   */
  roundFor: (
    roundId: string,
    user: UserRef,
    channel?: ChannelRef,
  ) => Promise<{ round: StoredRound; network: Network; binding: ChannelBinding | undefined; bindings: ChannelBinding[] }>;
}

export const sameChannel = (a: ChannelRef, b: ChannelRef): boolean => a.platform === b.platform && a.workspace === b.workspace && a.channel === b.channel;

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

  const messageContext = (network: Network | undefined, lang?: Language): MessageContext => {
    const settings = network?.settings ?? DEFAULT_SETTINGS;
    return { content, lang: lang ?? settings.language, timeZone: settings.timeZone };
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
    messageContext,
    async channelContext(channel) {
      const binding = await store.bindings.find(channel);
      const network = binding?.networkId ? await store.networks.get(binding.networkId) : undefined;
      return messageContext(network, network ? binding?.language : undefined);
    },
    async perChannel(network, build, known) {
      const bindings = known ?? (await store.bindings.forNetwork(network.id));
      const built = new Map<Language, Promise<ChatMessage>>();
      return (channel) => {
        const lang = bindings.find((b) => sameChannel(b, channel))?.language ?? network.settings.language;
        let message = built.get(lang);
        if (!message) {
          message = build(messageContext(network, lang));
          built.set(lang, message);
        }
        return message;
      };
    },
    gateway: (platform) => deps.chat.get(platform),
    async roundFor(roundId, user, channel) {
      const round = await store.rounds.get(roundId);
      const network = round ? await store.networks.get(round.networkId) : undefined;
      if (!round || !network) throw new DomainError('round_not_found');
      const bindings = await store.bindings.forNetwork(network.id);
      const here = channel ? bindings.find((b) => sameChannel(b, channel)) : undefined;
      const own = bindings.filter((b) => b.platform === user.platform && b.workspace === user.workspace);
      if (!here && own.length === 0) throw new DomainError('round_not_found');
      return { round, network, binding: here ?? (own.length === 1 ? own[0] : undefined), bindings };
    },
  };
}
