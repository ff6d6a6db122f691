/**
 * The Teams chat gateway: posts, updates, 1:1 messages and member lists through the Bot
 * Connector REST API at each conversation's own (regional) service URL, using the Teams
 * SDK's API client. With credentials configured the client carries the bot's token;
 * in local mode it carries none.
 *
 * Transient failures (429 with Retry-After, 5xx, a refused connection) are retried with
 * backoff. A POST that may have reached the service (connection reset mid-request) is
 * never retried, so a post that succeeded is never doubled. Permanent failures become a
 * ChatError with a typed reason; a card refused for its size (413) is `too_large`. A post
 * is fitted to the safe card size first (card-size.ts): what does not fit follows in its
 * thread.
 */
import { Client as ApiClient } from '@microsoft/teams.api';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import type { ChatMessage } from '../../core/message.ts';
import type { ChannelBinding, UserRef } from '../../core/network.ts';
import { ChatError, type ChatErrorReason, type ChatGateway, type Logger, type PostedRef } from '../../core/ports.ts';
import { cardAttachment, DATA_KEYS } from './adaptive-card.ts';
import { sameTenant } from './tenants.ts';
import { fitToTeams } from './card-size.ts';
import { halves } from '../../core/message-split.ts';

export type HttpClient = ApiClient['http'];

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for; the call fails as rate limited. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/** Where to send: a conversation at a service URL. */
export interface ConversationTarget {
  serviceUrl: string;
  conversationId: string;
}

export interface TeamsGatewayOptions {
  http: HttpClient;
  log: Logger;
  /** Renders a neutral message; `actionContext` is merged into every button's data. */
  render(message: ChatMessage, actionContext?: Record<string, string>): IAdaptiveCard;
  /** The bot's id for creating 1:1 conversations (`28:<app id>`), when known. */
  botId?: string;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
}

export interface TeamsGateway extends ChatGateway {
  /** Sends a card to a conversation (a channel, a thread or a 1:1 chat). */
  sendCard(target: ConversationTarget, card: IAdaptiveCard): Promise<string>;
  /** Replaces the card of an activity the bot sent. */
  updateCard(target: ConversationTarget, activityId: string, card: IAdaptiveCard): Promise<void>;
  /** Display names of a conversation's members by Entra object id; empty when unavailable. */
  memberNames(target: ConversationTarget): Promise<Map<string, string>>;
  /** Learns ids from inbound activities: the bot's own id and people's Teams ids. */
  observe(botId: string | undefined, user: { aadObjectId: string; teamsId: string } | undefined): void;
}

type Operation = 'post' | 'update' | 'create' | 'read';

export function createTeamsGateway(options: TeamsGatewayOptions): TeamsGateway {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { log } = options;
  const http = options.http.clone({ timeout: 15_000 });
  const clients = new Map<string, ApiClient>();
  // Teams ids of people, learned from their activities: a 1:1 chat is created with
  // the Teams id when known (works for members of a team the bot is in), else the
  // Entra object id (works where the app is installed for the person). Memory only.
  const teamsIds = new Map<string, string>();
  const directChats = new Map<string, string>();
  let botId = options.botId;

  const api = (serviceUrl: string): ApiClient => {
    const base = serviceUrl.replace(/\/+$/, '');
    let client = clients.get(base);
    if (!client) {
      client = new ApiClient(base, http);
      clients.set(base, client);
    }
    return client;
  };

  async function withRetry<T>(operation: Operation, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const failure = classify(error, operation);
        const wait = failure.retryAfterMs ?? Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
        if (!failure.retry || attempt >= policy.retries || wait > policy.maxRetryAfterMs) {
          log.warn('teams connector call failed', { operation, status: failure.status, reason: failure.reason, attempts: attempt + 1 });
          throw new ChatError(failure.reason, `Teams connector ${operation} failed${failure.status ? ` with ${failure.status}` : ''}`);
        }
        log.info('teams connector call retried', { operation, status: failure.status, waitMs: wait, attempt: attempt + 1 });
        await sleep(wait);
      }
    }
  }

  async function sendCard(target: ConversationTarget, card: IAdaptiveCard): Promise<string> {
    const activity = { type: 'message' as const, attachments: [cardAttachment(card)] };
    const sent = await withRetry('post', () => api(target.serviceUrl).conversations.createActivity(target.conversationId, activity));
    return sent.id;
  }

  async function updateCard(target: ConversationTarget, activityId: string, card: IAdaptiveCard): Promise<void> {
    const activity = { type: 'message' as const, id: activityId, attachments: [cardAttachment(card)] };
    await withRetry('update', () => api(target.serviceUrl).conversations.updateActivity(target.conversationId, activityId, activity));
  }

  async function directChat(user: UserRef, serviceUrl: string): Promise<string> {
    const key = `${user.workspace}:${user.user}`;
    const known = directChats.get(key);
    if (known) return known;
    const created = await withRetry('create', () =>
      api(serviceUrl).conversations.create({
        isGroup: false,
        bot: botId ? { id: botId } : undefined,
        members: [{ id: teamsIds.get(user.user) ?? user.user, role: 'user', name: '' }],
        tenantId: user.workspace,
        channelData: { tenant: { id: user.workspace } },
      }),
    );
    directChats.set(key, created.id);
    return created.id;
  }

  return {
    platform: 'teams',

    async post(channel: ChannelBinding, message: ChatMessage): Promise<PostedRef> {
      const target = { serviceUrl: channel.serviceUrl, conversationId: channel.channel };
      const { post, thread } = fitToTeams(message, (m) => options.render(m));
      const messageId = await sendCard(target, options.render(post));
      // What did not fit follows in the post's thread; the post itself is what counts as sent.
      const replies = { serviceUrl: channel.serviceUrl, conversationId: threadOf(channel.channel, messageId) };
      const reply = async (followUp: ChatMessage): Promise<void> => {
        try {
          await sendCard(replies, options.render(followUp));
        } catch (error) {
          // Teams stricter than expected: the reply in two halves.
          const parts = error instanceof ChatError && error.reason === 'too_large' ? halves(followUp) : undefined;
          if (!parts) throw error;
          for (const part of parts) await reply(part);
        }
      };
      try {
        for (const followUp of thread) await reply(followUp);
      } catch (error) {
        log.warn('teams follow-up failed', { reason: error instanceof ChatError ? error.reason : 'unknown' });
      }
      return { platform: 'teams', workspace: channel.workspace, channel: channel.channel, messageId, serviceUrl: channel.serviceUrl };
    },

    async update(ref: PostedRef, message: ChatMessage): Promise<void> {
      await updateCard({ serviceUrl: ref.serviceUrl, conversationId: ref.channel }, ref.messageId, options.render(message));
    },

    async direct(user: UserRef, message: ChatMessage, via: ChannelBinding): Promise<void> {
      // Teams refuses 1:1 chats between a bot and people of another tenant (members of
      // a shared channel from elsewhere): not worth a request, and never the channel's fault.
      if (!sameTenant(user.workspace, via.workspace)) throw new ChatError('rejected', 'no direct messages to people of another tenant');
      let conversationId: string;
      try {
        conversationId = await directChat(user, via.serviceUrl);
      } catch (error) {
        // Without the app installed for the person Teams refuses the chat: not the
        // channel's fault, so never report it as gone.
        if (error instanceof ChatError && error.reason === 'channel_gone') throw new ChatError('rejected', error.message);
        throw error;
      }
      const card = options.render(message, { [DATA_KEYS.channel]: via.channel });
      await sendCard({ serviceUrl: via.serviceUrl, conversationId }, card);
    },

    async members(channel: ChannelBinding): Promise<UserRef[] | null> {
      try {
        const list = await withRetry('read', () => api(channel.serviceUrl).conversations.getMembers(channel.channel));
        const people: UserRef[] = [];
        for (const member of list) {
          if (!member.aadObjectId) continue;
          teamsIds.set(member.aadObjectId, member.id);
          // Known by their own tenant, as in their activities (see tenants.ts).
          const own = member.tenantId && !sameTenant(member.tenantId, channel.workspace) ? member.tenantId : channel.workspace;
          people.push({ platform: 'teams', workspace: own, user: member.aadObjectId });
        }
        return people;
      } catch (error) {
        if (error instanceof ChatError && error.reason === 'rejected') return null;
        throw error;
      }
    },

    sendCard,
    updateCard,

    async memberNames(target: ConversationTarget): Promise<Map<string, string>> {
      const names = new Map<string, string>();
      try {
        const list = await api(target.serviceUrl).conversations.getMembers(target.conversationId.split(';')[0]!);
        for (const member of list) if (member.aadObjectId && member.name) names.set(member.aadObjectId, member.name);
      } catch {
        // Names only make a form friendlier; ids still work without them.
      }
      return names;
    },

    observe(seenBotId, user) {
      if (seenBotId) botId = seenBotId;
      if (user && user.aadObjectId !== user.teamsId) {
        teamsIds.set(user.aadObjectId, user.teamsId);
        if (teamsIds.size > 50_000) teamsIds.delete(teamsIds.keys().next().value!);
      }
    },
  };
}

/**
 * Where replies to a post go: in a channel, the post's thread (`;messageid=`); in a chat,
 * which has no threads, the chat itself.
 */
export function threadOf(conversationId: string, messageId: string): string {
  const base = conversationId.split(';')[0] ?? conversationId;
  return /@thread\.(tacv2|skype)$/.test(base) ? `${base};messageid=${messageId}` : base;
}

interface Failure {
  retry: boolean;
  reason: ChatErrorReason;
  status?: number;
  retryAfterMs?: number;
}

interface HttpLikeError {
  code?: string;
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

/** Network errors that prove the request never reached the service. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function classify(error: unknown, operation: Operation): Failure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as HttpLikeError;
  const status = e.response?.status;
  if (status === undefined) {
    if (e.code && NOT_SENT.has(e.code)) return { retry: true, reason: 'unavailable' };
    // The request may have arrived: repeat only what is safe to repeat.
    return { retry: operation !== 'post' && operation !== 'create', reason: 'unavailable' };
  }
  const code = errorCode(e.response?.data);
  if (status === 429) return { retry: true, reason: 'rate_limited', status, retryAfterMs: retryAfter(e.response?.headers) };
  if (status === 413 || code === 'MessageSizeTooBig') return { retry: false, reason: 'too_large', status };
  if (status >= 500) return { retry: true, reason: 'unavailable', status, retryAfterMs: retryAfter(e.response?.headers) };
  if (operation === 'create') return { retry: false, reason: 'rejected', status };
  if (status === 403 || (status === 404 && code !== 'ActivityNotFound' && (operation === 'post' || code === 'ConversationNotFound'))) {
    return { retry: false, reason: 'channel_gone', status };
  }
  return { retry: false, reason: 'rejected', status };
}

function errorCode(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const inner = (data as { error?: { code?: unknown } }).error;
  return typeof inner?.code === 'string' ? inner.code : undefined;
}

function retryAfter(headers: Record<string, unknown> | undefined): number | undefined {
  const raw = headers?.['retry-after'];
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(String(raw));
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
