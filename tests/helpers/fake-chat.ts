/**
 * A chat gateway that records what the use cases post, update and send privately,
 * with helpers to read it back. It can be told to fail, to test retries and intents.
 */
import type { ChatMessage } from '../../src/core/message.ts';
import type { ChannelBinding, Platform, UserRef } from '../../src/core/network.ts';
import { ChatError, type ChatErrorReason, type ChatGateway, type PostedRef } from '../../src/core/ports.ts';

export interface RecordedPost {
  ref: PostedRef;
  channel: ChannelBinding;
  message: ChatMessage;
  /** The message as last updated (starts as posted). */
  current: ChatMessage;
  updates: ChatMessage[];
}

export interface FakeChat extends ChatGateway {
  posts: RecordedPost[];
  directs: { user: UserRef; message: ChatMessage }[];
  /** Channel members returned by `members`; null = unsupported. */
  memberList: UserRef[] | null;
  /** The next `count` posts throw a ChatError with this reason. */
  failNextPosts(count: number, reason?: ChatErrorReason): void;
  /** Every piece of text in a message, for scanning. */
  allText: (message: ChatMessage) => string;
}

export function fakeChat(platform: Platform = 'slack'): FakeChat {
  const posts: RecordedPost[] = [];
  let failures = 0;
  let failReason: ChatErrorReason = 'unavailable';
  let sequence = 0;
  const chat: FakeChat = {
    platform,
    posts,
    directs: [],
    memberList: null,
    failNextPosts(count, reason = 'unavailable') {
      failures = count;
      failReason = reason;
    },
    async post(channel, message) {
      if (failures > 0) {
        failures -= 1;
        throw new ChatError(failReason, 'fake failure');
      }
      sequence += 1;
      const ref: PostedRef = { platform, workspace: channel.workspace, channel: channel.channel, messageId: `m${sequence}`, serviceUrl: channel.serviceUrl };
      posts.push({ ref, channel, message, current: message, updates: [] });
      return ref;
    },
    async update(ref, message) {
      const post = posts.find((p) => p.ref.messageId === ref.messageId && p.ref.channel === ref.channel);
      if (!post) throw new ChatError('rejected', 'unknown message');
      post.updates.push(message);
      post.current = message;
    },
    async direct(user, message) {
      chat.directs.push({ user, message });
    },
    async members() {
      return chat.memberList;
    },
    allText: (message) => messageText(message),
  };
  return chat;
}

/** Every piece of text in a message (blocks, buttons, alt texts), for scanning. */
export function messageText(message: ChatMessage): string {
  const parts: string[] = [message.text];
  for (const block of message.blocks) {
    switch (block.kind) {
      case 'heading':
      case 'subheading':
      case 'paragraph':
      case 'context':
        parts.push(block.text);
        break;
      case 'list':
        // One line per item, as every platform shows them.
        for (const item of block.items) parts.push(`• ${item}`);
        break;
      case 'entry':
        parts.push(`${block.marker} ${block.title}`, ...(block.body ? [block.body] : []), ...(block.note ? [block.note] : []));
        break;
      case 'tally':
        for (const r of block.rows) parts.push(`${r.label}: ${r.value}`);
        break;
      case 'facts':
        for (const f of block.facts) parts.push(f.label, f.value);
        break;
      case 'image':
        parts.push(block.alt);
        break;
      case 'actions':
        for (const b of block.buttons) parts.push(b.label, b.value);
        break;
      case 'divider':
        break;
    }
  }
  for (const a of message.attachments ?? []) parts.push(a.alt, a.filename);
  // The overflow list (comments): all of it, wherever a platform will show it.
  if (message.list) parts.push(message.list.heading, ...message.list.items);
  return parts.join('\n');
}
