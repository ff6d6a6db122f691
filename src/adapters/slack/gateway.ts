/**
 * The chat port for Slack over the bot's two Web API clients (clients.ts): background
 * work — posts, count updates, direct messages, member lists, uploads — goes through the
 * background client, paced per method and workspace (rate-limits.ts), which waits out a
 * 429 for that method only; what a person waits on — private replies, modals, the
 * membership check — goes through the interactive client, which never waits behind it.
 * What is left when a call gives up becomes a ChatError with a reason the use cases
 * understand. A post is fitted to Slack's limits first (limits.ts): what does not fit
 * follows in its thread. Images are uploaded into the message's thread, CSV files into
 * the person's direct message. Member lists leave out the bot itself and bots Slack
 * refused a direct message to before, so reminders are not spent on bots.
 *
 * Installed in one workspace, every call uses the clients' own token. Installed in many
 * (OAuth), each call carries the bot token of the workspace it is about, and is paced
 * under that workspace (Slack counts per workspace and token); a workspace without an
 * installation is, for posting, a channel that is gone.
 */
import type { webApi } from '@slack/bolt';
import type { Attachment, ChatMessage, Form } from '../../core/message.ts';
import type { ChannelBinding, UserRef } from '../../core/network.ts';
import { halves } from '../../core/message-split.ts';
import { ChatError, type ChatErrorReason, type ChatGateway, type Logger, type PostedRef } from '../../core/ports.ts';
import { renderMessage, renderModal } from './block-kit.ts';
import type { SlackClients } from './clients.ts';
import type { Actor } from './context.ts';
import { fitToSlack, replyForSlack } from './limits.ts';

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
  /** Opens a modal for the person whose click or command (in `workspace`) gave the trigger id. */
  openModal(triggerId: string, form: Form, channel: string, workspace: string): Promise<void>;
  /** Private replies through an interaction's response_url. */
  responder(responseUrl: string): NonNullable<Actor['respond']>;
}

/** The bot token of a workspace, when the app is installed in many (OAuth); undefined when it is not installed there. */
export type TokenFor = (workspace: string) => Promise<string | undefined>;

/** The workspace a call is made in and what it adds to carry that workspace's token (nothing with a single token). */
interface Via {
  workspace: string;
  auth: { token?: string };
}

export function createSlackGateway(clients: SlackClients, log?: Logger, tokenFor?: TokenFor): SlackGateway {
  const { background, interactive, limits } = clients;
  /** The first of `workspaces` the app is installed in. */
  const via = async (...workspaces: string[]): Promise<Via> => {
    if (!tokenFor) return { workspace: workspaces[0] ?? '', auth: {} };
    for (const workspace of workspaces) {
      const token = await tokenFor(workspace);
      if (token) return { workspace, auth: { token } };
    }
    throw new ChatError('channel_gone', 'the app is not installed in this workspace');
  };
  /** A background call, paced by its method's limit in its workspace. */
  const limited = <T>(where: Via, method: string, run: (client: WebClient, auth: Via['auth']) => Promise<T>, channel?: string): Promise<T> =>
    call(() => limits.call({ workspace: where.workspace, method, ...(channel ? { channel } : {}), run: () => run(background, where.auth) }));

  const upload = async (where: Via, channelId: string, file: Attachment, threadTs?: string): Promise<void> => {
    await limited(where, 'files.uploadV2', (client, auth) =>
      client.files.uploadV2({
        ...auth,
        channel_id: channelId,
        thread_ts: threadTs,
        file: Buffer.from(file.data),
        filename: file.filename,
        title: file.filename,
        alt_text: file.mimeType === 'image/png' ? file.alt.slice(0, 1000) : undefined,
      } as Parameters<WebClient['files']['uploadV2']>[0]),
    );
  };

  const postOne = async (where: Via, channelId: string, message: ChatMessage, threadTs?: string): Promise<string> => {
    const rendered = renderMessage(message);
    const result = await limited(
      where,
      'chat.postMessage',
      (client, auth) => client.chat.postMessage({ ...auth, channel: channelId, text: rendered.text, blocks: rendered.blocks, unfurl_links: false, ...(threadTs ? { thread_ts: threadTs } : {}) }),
      channelId,
    );
    if (!result.ts) throw new ChatError('rejected', 'chat.postMessage returned no ts');
    return result.ts;
  };

  /** A reply in the thread; one Slack refuses for its size goes in two halves. */
  const postFollowUp = async (where: Via, channelId: string, message: ChatMessage, threadTs: string): Promise<void> => {
    try {
      await postOne(where, channelId, message, threadTs);
    } catch (error) {
      const parts = error instanceof ChatError && error.reason === 'too_large' ? halves(message) : undefined;
      if (!parts) throw error;
      for (const part of parts) await postFollowUp(where, channelId, part, threadTs);
    }
  };

  /**
   * The post within Slack's limits, then what did not fit (and the files) in its thread.
   * Once the post is in, it counts as sent: a reply that still fails is logged, never
   * allowed to turn the post into a failure (which would post it again).
   */
  const postTo = async (where: Via, channelId: string, message: ChatMessage): Promise<string> => {
    const { post, thread } = fitToSlack(message);
    const ts = await postOne(where, channelId, post);
    try {
      for (const followUp of thread) await postFollowUp(where, channelId, followUp, ts);
      for (const file of message.attachments ?? []) await upload(where, channelId, file, ts);
    } catch (error) {
      log?.warn('slack thread reply failed', { reason: error instanceof ChatError ? error.reason : 'unknown' });
    }
    return ts;
  };

  /** The bot's own user in each workspace (auth.test needs no scope); never reminded. */
  const selves = new Map<string, Promise<string | undefined>>();
  const selfIn = (where: Via): Promise<string | undefined> => {
    let self = selves.get(where.workspace);
    if (!self) {
      self = limited(where, 'auth.test', (client, auth) => client.auth.test(auth))
        .then((me) => me.user_id)
        .catch(() => {
          selves.delete(where.workspace);
          return undefined;
        });
      selves.set(where.workspace, self);
    }
    return self;
  };
  /**
   * Members Slack refused a direct message to (other apps' bots: cannot_dm_bot), so each
   * costs one refused call, not one per reminder. Knowing bots up front would take
   * users.info and the users:read scope, i.e. reading profiles, which the bot does not.
   */
  const notPeople = new Set<string>();
  const NOT_PEOPLE_MAX = 20_000;

  return {
    platform: 'slack',
    async post(channel: ChannelBinding, message: ChatMessage): Promise<PostedRef> {
      const ts = await postTo(await via(channel.workspace), channel.channel, message);
      return { platform: 'slack', workspace: channel.workspace, channel: channel.channel, messageId: ts, serviceUrl: '' };
    },
    async update(ref: PostedRef, message: ChatMessage): Promise<void> {
      const rendered = renderMessage(message);
      await limited(await via(ref.workspace), 'chat.update', (client, auth) =>
        client.chat.update({ ...auth, channel: ref.channel, ts: ref.messageId, text: rendered.text, blocks: rendered.blocks }),
      );
    },
    async direct(user: UserRef, message: ChatMessage, channel: ChannelBinding): Promise<void> {
      // Through the person's own workspace when the app is there, else the channel's.
      const where = await via(user.workspace, channel.workspace);
      const opened = await limited(where, 'conversations.open', (client, auth) => client.conversations.open({ ...auth, users: user.user })).catch((error: unknown) => {
        if (error instanceof ChatError && error.message === 'cannot_dm_bot') {
          if (notPeople.size >= NOT_PEOPLE_MAX) notPeople.clear();
          notPeople.add(`${user.workspace}:${user.user}`);
        }
        throw error;
      });
      const channelId = opened.channel?.id;
      if (!channelId) throw new ChatError('rejected', 'conversations.open returned no channel');
      await postTo(where, channelId, message);
    },
    async members(channel: ChannelBinding): Promise<UserRef[] | null> {
      const where = await via(channel.workspace);
      const users: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await limited(where, 'conversations.members', (client, auth) =>
          client.conversations.members({ ...auth, channel: channel.channel, limit: 200, ...(cursor ? { cursor } : {}) }),
        );
        users.push(...(page.members ?? []));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      const self = await selfIn(where);
      return users
        .filter((user) => user !== self && user !== 'USLACKBOT' && !notPeople.has(`${channel.workspace}:${user}`))
        .map((user) => ({ platform: 'slack', workspace: channel.workspace, user }));
    },
    async ephemeral(channel: string, user: string, message: ChatMessage, workspace: string): Promise<void> {
      const rendered = replyForSlack(message);
      const { auth } = await via(workspace);
      await call(() => interactive.chat.postEphemeral({ ...auth, channel, user, text: rendered.text, blocks: rendered.blocks }));
    },
    async isMember(channel: string, workspace: string): Promise<boolean | undefined> {
      try {
        const { auth } = await via(workspace);
        const info = await interactive.conversations.info({ ...auth, channel });
        return info.channel?.is_member;
      } catch (error) {
        // A private channel the bot is not in is invisible to it: channel_not_found.
        return chatErrorOf(error).reason === 'channel_gone' ? false : undefined;
      }
    },
    async openModal(triggerId: string, form: Form, channel: string, workspace: string): Promise<void> {
      const { auth } = await via(workspace);
      await call(() => interactive.views.open({ ...auth, trigger_id: triggerId, view: renderModal(form, { context: form.context, channel }) }));
    },
    responder(responseUrl: string) {
      return (body) => clients.respond(responseUrl, body);
    },
  };
}
