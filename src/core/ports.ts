/**
 * The ports core and the use cases depend on. Adapters implement them: chat gateways
 * per platform (src/adapters/*), the store (src/store), the clock and randomness
 * (src/main.ts, fakes in tests).
 */
import type { ChatMessage } from './message.ts';
import type { ChannelBinding, Platform, UserRef } from './network.ts';

export interface Clock {
  now(): Date;
}

/** Randomness for ids, secrets and shuffles; seeded in tests. */
export interface Random {
  bytes(n: number): Uint8Array;
  /** Uniform in [0, 1). */
  float(): number;
}

/** A message the bot posted, so it can be updated later (the live response count). */
export interface PostedRef {
  platform: Platform;
  workspace: string;
  channel: string;
  /** Slack `ts`, Teams activity id. */
  messageId: string;
  serviceUrl: string;
}

/**
 * Posting to one platform. Implementations retry transient failures (429 with
 * Retry-After, 5xx) themselves and throw ChatError when they give up.
 */
export interface ChatGateway {
  readonly platform: Platform;
  post(channel: ChannelBinding, message: ChatMessage): Promise<PostedRef>;
  update(ref: PostedRef, message: ChatMessage): Promise<void>;
  /** A direct message to one person (DM reminders, exports). */
  direct(user: UserRef, message: ChatMessage, via: ChannelBinding): Promise<void>;
  /** Channel members, for optional DM reminders; may be unsupported (returns null). */
  members(channel: ChannelBinding): Promise<UserRef[] | null>;
}

/**
 * Why a platform call failed for good: the channel is gone, the platform rate-limits or
 * is down beyond the retries, it refused the message for its size (`too_large`: a
 * smaller form may still go through), or it refused it otherwise.
 */
export type ChatErrorReason = 'channel_gone' | 'rate_limited' | 'unavailable' | 'too_large' | 'rejected';

export class ChatError extends Error {
  override readonly name = 'ChatError';
  constructor(
    readonly reason: ChatErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}
