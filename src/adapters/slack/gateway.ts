/**
 * The chat port for Slack over the Web API client Bolt gives us. The client itself
 * waits out 429s (Retry-After) and retries transient failures; what is left when it
 * gives up becomes a ChatError with a reason the use cases understand. A post is fitted
 * to Slack's limits first (limits.ts): what does not fit follows in its thread. Images
 * are uploaded into the message's thread, CSV files into the person's direct message.
 *
 * Installed in one workspace, every call uses the client's own token. Installed in many
 * (OAuth), each call carries the bot token of the workspace it is about; a workspace
 * without an installation is, for posting, a channel that is gone.
 */
import type { webApi } from '@slack/bolt';
import type { Attachment, ChatMessage } from '../../core/message.ts';
import type { ChannelBinding, UserRef } from '../../core/network.ts';
import { halves } from '../../core/message-split.ts';
import { ChatError, type ChatErrorReason, type ChatGateway, type Logger, type PostedRef } from '../../core/ports.ts';
import { renderMessage } from './block-kit.ts';
import { fitToSlack } from './limits.ts';

type WebClient = webApi.WebClient;

const GONE = new Set(['channel_not_found', 'is_archived', 'channel_is_archived', 'not_in_channel', 'account_inactive', 'team_not_found', 'user_not_found', 'cannot_dm_bot']);
/** Refusals for size: too much text in the blocks, in the message, or blocks beyond Block Kit's limits. */
const TOO_LARGE = new Set(['msg_blocks_too_long', 'msg_too_long', 'invalid_blocks']);

function platformReason(code: string): ChatErrorReason {
  if (GONE.has(code)) return 'channel_gone';
  if (TOO_LARGE.has(code)) return 'too_large';
  return code === 'ratelimited' ? 'rate_limited' : 'rejected';
}

export function chatErrorOf(error: unknown): ChatError {
  if (error instanceof ChatError) return error;
  const e = error as { code?: string; data?: { error?: string }; message?: string };
  let reason: ChatErrorReason = 'rejected';
  if (e.code === 'slack_webapi_platform_error') reason = platformReason(e.data?.error ?? '');
  else if (e.code === 'slack_webapi_rate_limited_error') reason = 'rate_limited';
  else if (e.code === 'slack_webapi_request_error' || e.code === 'slack_webapi_http_error') reason = 'unavailable';
  return new ChatError(reason, e.data?.error ?? e.message ?? 'slack call failed');
}

async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw chatErrorOf(error);
  }
}

export interface SlackGateway extends ChatGateway {
  /** A message only `user` sees, in a channel of `workspace`. */
  ephemeral(channel: string, user: string, message: ChatMessage, workspace: string): Promise<void>;
  /**
   * Whether the bot is in a channel of `workspace` (it can post only there). Undefined
   * when Slack will not say, e.g. for a direct message, which needs a scope the bot does
   * not ask for.
   */
  isMember(channel: string, workspace: string): Promise<boolean | undefined>;
}

/** The bot token of a workspace, when the app is installed in many (OAuth); undefined when it is not installed there. */
export type TokenFor = (workspace: string) => Promise<string | undefined>;

export function createSlackGateway(client: WebClient, log?: Logger, tokenFor?: TokenFor): SlackGateway {
  /** What each call adds to choose its workspace's token; nothing with a single token. */
  const auth = async (...workspaces: string[]): Promise<{ token?: string }> => {
    if (!tokenFor) return {};
    for (const workspace of workspaces) {
      const token = await tokenFor(workspace);
      if (token) return { token };
    }
    throw new ChatError('channel_gone', 'the app is not installed in this workspace');
  };

  const upload = async (ws: { token?: string }, channelId: string, file: Attachment, threadTs?: string): Promise<void> => {
    await call(() =>
      client.files.uploadV2({
        ...ws,
        channel_id: channelId,
        thread_ts: threadTs,
        file: Buffer.from(file.data),
        filename: file.filename,
        title: file.filename,
        alt_text: file.mimeType === 'image/png' ? file.alt.slice(0, 1000) : undefined,
      } as Parameters<WebClient['files']['uploadV2']>[0]),
    );
  };

  const postOne = async (ws: { token?: string }, channelId: string, message: ChatMessage, threadTs?: string): Promise<string> => {
    const rendered = renderMessage(message);
    const result = await call(() =>
      client.chat.postMessage({ ...ws, channel: channelId, text: rendered.text, blocks: rendered.blocks, unfurl_links: false, ...(threadTs ? { thread_ts: threadTs } : {}) }),
    );
    if (!result.ts) throw new ChatError('rejected', 'chat.postMessage returned no ts');
    return result.ts;
  };

  /** A reply in the thread; one Slack refuses for its size goes in two halves. */
  const postFollowUp = async (ws: { token?: string }, channelId: string, message: ChatMessage, threadTs: string): Promise<void> => {
    try {
      await postOne(ws, channelId, message, threadTs);
    } catch (error) {
      const parts = error instanceof ChatError && error.reason === 'too_large' ? halves(message) : undefined;
      if (!parts) throw error;
      for (const part of parts) await postFollowUp(ws, channelId, part, threadTs);
    }
  };

  /**
   * The post within Slack's limits, then what did not fit (and the files) in its thread.
   * Once the post is in, it counts as sent: a reply that still fails is logged, never
   * allowed to turn the post into a failure (which would post it again).
   */
  const postTo = async (ws: { token?: string }, channelId: string, message: ChatMessage): Promise<string> => {
    const { post, thread } = fitToSlack(message);
    const ts = await postOne(ws, channelId, post);
    try {
      for (const followUp of thread) await postFollowUp(ws, channelId, followUp, ts);
      for (const file of message.attachments ?? []) await upload(ws, channelId, file, ts);
    } catch (error) {
      log?.warn('slack thread reply failed', { reason: error instanceof ChatError ? error.reason : 'unknown' });
    }
    return ts;
  };

  return {
    platform: 'slack',
    async post(channel: ChannelBinding, message: ChatMessage): Promise<PostedRef> {
      const ts = await postTo(await auth(channel.workspace), channel.channel, message);
      return { platform: 'slack', workspace: channel.workspace, channel: channel.channel, messageId: ts, serviceUrl: '' };
    },
    async update(ref: PostedRef, message: ChatMessage): Promise<void> {
      const rendered = renderMessage(message);
      const ws = await auth(ref.workspace);
      await call(() => client.chat.update({ ...ws, channel: ref.channel, ts: ref.messageId, text: rendered.text, blocks: rendered.blocks }));
    },
    async direct(user: UserRef, message: ChatMessage, via: ChannelBinding): Promise<void> {
      // Through the person's own workspace when the app is there, else the channel's.
      const ws = await auth(user.workspace, via.workspace);
      const opened = await call(() => client.conversations.open({ ...ws, users: user.user }));
      const channelId = opened.channel?.id;
      if (!channelId) throw new ChatError('rejected', 'conversations.open returned no channel');
      await postTo(ws, channelId, message);
    },
    async members(channel: ChannelBinding): Promise<UserRef[] | null> {
      const users: string[] = [];
      const ws = await auth(channel.workspace);
      let cursor: string | undefined;
      do {
        const page = await call(() => client.conversations.members({ ...ws, channel: channel.channel, limit: 200, ...(cursor ? { cursor } : {}) }));
        users.push(...(page.members ?? []));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return users.map((user) => ({ platform: 'slack', workspace: channel.workspace, user }));
    },
    async ephemeral(channel: string, user: string, message: ChatMessage, workspace: string): Promise<void> {
      const rendered = renderMessage(message);
      const ws = await auth(workspace);
      await call(() => client.chat.postEphemeral({ ...ws, channel, user, text: rendered.text, blocks: rendered.blocks }));
    },
    async isMember(channel: string, workspace: string): Promise<boolean | undefined> {
      try {
        const info = await client.conversations.info({ ...(await auth(workspace)), channel });
        return info.channel?.is_member;
      } catch (error) {
        // A private channel the bot is not in is invisible to it: channel_not_found.
        return chatErrorOf(error).reason === 'channel_gone' ? false : undefined;
      }
    },
  };
}
