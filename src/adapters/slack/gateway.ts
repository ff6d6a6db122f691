/**
 * The chat port for Slack over the Web API client Bolt gives us. The client itself
 * waits out 429s (Retry-After) and retries transient failures; what is left when it
 * gives up becomes a ChatError with a reason the use cases understand. Images are
 * uploaded into the message's thread, CSV files into the person's direct message.
 */
import type { webApi } from '@slack/bolt';
import type { Attachment, ChatMessage } from '../../core/message.ts';
import type { ChannelBinding, UserRef } from '../../core/network.ts';
import { ChatError, type ChatErrorReason, type ChatGateway, type PostedRef } from '../../core/ports.ts';
import { renderMessage } from './block-kit.ts';

type WebClient = webApi.WebClient;

const GONE = new Set(['channel_not_found', 'is_archived', 'channel_is_archived', 'not_in_channel', 'account_inactive', 'team_not_found', 'user_not_found', 'cannot_dm_bot']);

export function chatErrorOf(error: unknown): ChatError {
  if (error instanceof ChatError) return error;
  const e = error as { code?: string; data?: { error?: string }; message?: string };
  let reason: ChatErrorReason = 'rejected';
  if (e.code === 'slack_webapi_platform_error') reason = GONE.has(e.data?.error ?? '') ? 'channel_gone' : e.data?.error === 'ratelimited' ? 'rate_limited' : 'rejected';
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
  /** A message only `user` sees, in a channel. */
  ephemeral(channel: string, user: string, message: ChatMessage): Promise<void>;
  /**
   * Whether the bot is in a channel (it can post only there). Undefined when Slack will
   * not say, e.g. for a direct message, which needs a scope the bot does not ask for.
   */
  isMember(channel: string): Promise<boolean | undefined>;
}

export function createSlackGateway(client: WebClient): SlackGateway {
  const upload = async (channelId: string, file: Attachment, threadTs?: string): Promise<void> => {
    await call(() =>
      client.files.uploadV2({
        channel_id: channelId,
        thread_ts: threadTs,
        file: Buffer.from(file.data),
        filename: file.filename,
        title: file.filename,
        alt_text: file.mimeType === 'image/png' ? file.alt.slice(0, 1000) : undefined,
      } as Parameters<WebClient['files']['uploadV2']>[0]),
    );
  };

  const postTo = async (channelId: string, message: ChatMessage): Promise<string> => {
    const rendered = renderMessage(message);
    const result = await call(() => client.chat.postMessage({ channel: channelId, text: rendered.text, blocks: rendered.blocks, unfurl_links: false }));
    if (!result.ts) throw new ChatError('rejected', 'chat.postMessage returned no ts');
    for (const file of message.attachments ?? []) await upload(channelId, file, result.ts);
    return result.ts;
  };

  return {
    platform: 'slack',
    async post(channel: ChannelBinding, message: ChatMessage): Promise<PostedRef> {
      const ts = await postTo(channel.channel, message);
      return { platform: 'slack', workspace: channel.workspace, channel: channel.channel, messageId: ts, serviceUrl: '' };
    },
    async update(ref: PostedRef, message: ChatMessage): Promise<void> {
      const rendered = renderMessage(message);
      await call(() => client.chat.update({ channel: ref.channel, ts: ref.messageId, text: rendered.text, blocks: rendered.blocks }));
    },
    async direct(user: UserRef, message: ChatMessage): Promise<void> {
      const opened = await call(() => client.conversations.open({ users: user.user }));
      const channelId = opened.channel?.id;
      if (!channelId) throw new ChatError('rejected', 'conversations.open returned no channel');
      await postTo(channelId, message);
    },
    async members(channel: ChannelBinding): Promise<UserRef[] | null> {
      const users: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(() => client.conversations.members({ channel: channel.channel, limit: 200, ...(cursor ? { cursor } : {}) }));
        users.push(...(page.members ?? []));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return users.map((user) => ({ platform: 'slack', workspace: channel.workspace, user }));
    },
    async ephemeral(channel: string, user: string, message: ChatMessage): Promise<void> {
      const rendered = renderMessage(message);
      await call(() => client.chat.postEphemeral({ channel, user, text: rendered.text, blocks: rendered.blocks }));
    },
    async isMember(channel: string): Promise<boolean | undefined> {
      try {
        const info = await client.conversations.info({ channel });
        return info.channel?.is_member;
      } catch (error) {
        // A private channel the bot is not in is invisible to it: channel_not_found.
        return chatErrorOf(error).reason === 'channel_gone' ? false : undefined;
      }
    },
  };
}
