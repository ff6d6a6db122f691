/**
 * The playground's simulated channel: a chat gateway, like Slack's and Teams', that
 * keeps what the bot posts in memory instead of sending it anywhere. The use cases
 * post the round message here, update its live count and post the results; the page
 * shows the posts as the Teams cards they would be. Direct messages (reminders, a
 * coordinator's notices) land in the member's own inbox. A long list (comments) is
 * split as the real gateways split it: the first items in the post, the rest as the
 * posts that follow it (the thread, in Teams).
 */
import type { ChatMessage } from '../../core/message.ts';
import { splitToFit, withListItems } from '../../core/message-split.ts';
import { userKey, type ChannelBinding, type UserRef } from '../../core/network.ts';
import type { ChatGateway, PostedRef } from '../../core/ports.ts';

export interface ChannelPost {
  id: string;
  message: ChatMessage;
  /** Simulated time of posting. */
  postedAt: Date;
}

export interface PlaygroundChannel extends ChatGateway {
  /** Oldest first. */
  posts(): readonly ChannelPost[];
  /** Direct messages to one member, oldest first. */
  inbox(user: UserRef): readonly ChannelPost[];
  /** Grows with every post, update and direct message, so a page knows it is current. */
  version(): number;
}

export function createPlaygroundChannel(options: { members: UserRef[]; now: () => Date }): PlaygroundChannel {
  const posts: ChannelPost[] = [];
  const inboxes = new Map<string, ChannelPost[]>();
  let version = 0;
  let nextId = 1;

  return {
    platform: 'teams',
    async post(channel: ChannelBinding, message: ChatMessage): Promise<PostedRef> {
      const id = `post-${nextId++}`;
      // Nothing is too large in a simulated channel: only the post's own cap applies.
      const { post, thread } = splitToFit(message, () => true, { canFold: true });
      posts.push({ id, message: post, postedAt: options.now() });
      for (const followUp of thread) posts.push({ id: `post-${nextId++}`, message: followUp, postedAt: options.now() });
      version += 1;
      return { platform: 'teams', workspace: channel.workspace, channel: channel.channel, messageId: id, serviceUrl: channel.serviceUrl };
    },
    async update(ref: PostedRef, message: ChatMessage): Promise<void> {
      const post = posts.find((p) => p.id === ref.messageId);
      if (!post) return;
      post.message = withListItems(message, 0, { canFold: true });
      version += 1;
    },
    async direct(user: UserRef, message: ChatMessage): Promise<void> {
      const key = userKey(user);
      const inbox = inboxes.get(key) ?? [];
      inbox.push({ id: `dm-${nextId++}`, message, postedAt: options.now() });
      inboxes.set(key, inbox);
      version += 1;
    },
    async members(): Promise<UserRef[]> {
      return options.members;
    },
    posts: () => posts,
    inbox: (user) => inboxes.get(userKey(user)) ?? [],
    version: () => version,
  };
}
