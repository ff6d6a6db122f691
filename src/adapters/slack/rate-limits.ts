/**
 * Slack's rate limits for the bot's background work (count updates, posts, reminders),
 * kept per method and workspace as Slack applies them, so one method's limit never holds
 * up another: a 429 on `chat.update` pauses `chat.update` in that workspace for the
 * Retry-After it names, and nothing else. Calls of different methods run side by side;
 * calls of one method are paced at its documented tier (Tier 2: 20+, Tier 3: 50+,
 * Tier 4: 100+ per minute), with a small burst. `chat.postMessage` has Slack's special
 * limit of about one message per second per channel.
 *
 * The Web API client itself is made to refuse on a 429 (`rejectRateLimitedCalls`) rather
 * than pause its whole shared queue, which would delay every other call of the bot.
 */

/** Requests per minute of each documented tier. */
export const TIER_PER_MINUTE = { 2: 20, 3: 50, 4: 100 } as const;
export type Tier = keyof typeof TIER_PER_MINUTE;

/** The tier of each method the bot calls in the background, from Slack's method reference. */
export const METHOD_TIERS: Record<string, Tier> = {
  'chat.update': 3,
  'conversations.open': 3,
  'conversations.members': 4,
  // auth.test has a special limit, far above what the bot needs once per workspace.
  'auth.test': 4,
  'files.getUploadURLExternal': 4,
  'files.completeUploadExternal': 4,
  // The upload helper calls the two methods above, both Tier 4.
  'files.uploadV2': 4,
};

/** chat.postMessage: about one message per second per channel, short bursts allowed. */
const POST_PER_MINUTE = 60;
const POST_BURST = 3;

/** How often a call that met a 429 is tried again before it fails with `rate_limited`. */
const RETRIES_AFTER_429 = 3;

export interface RateLimitOptions {
  /** Overrides the per-minute rate of a key's bucket (tests run the clock faster). */
  perMinute?: (method: string) => number;
  /** A Retry-After longer than this is not waited out: the call fails at once. */
  maxRetryAfterMs?: number;
}

/** A token bucket that can be paused (a 429's Retry-After). */
class Bucket {
  private tokens: number;
  private last = Date.now();
  private pausedUntil = 0;
  private readonly waiting: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Resolves when a call may go. */
  take(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.serve();
    });
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    // Slack says wait: after the pause one call goes, then the pace builds up again.
    this.tokens = 1;
    this.last = this.pausedUntil;
    this.serve();
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perMinute) / 60_000);
    this.last = now;
  }

  private serve(): void {
    if (this.timer) return;
    const now = Date.now();
    if (now < this.pausedUntil) {
      if (this.waiting.length > 0) this.timer = setTimeout(() => this.wake(), this.pausedUntil - now).unref();
      return;
    }
    this.refill(Math.max(now, this.last));
    while (this.waiting.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.waiting.shift()?.();
    }
    if (this.waiting.length > 0) this.timer = setTimeout(() => this.wake(), Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute)).unref();
  }

  private wake(): void {
    this.timer = undefined;
    this.serve();
  }

  /** Nothing waits and no pause is in force: forgetting it changes nothing. */
  get resting(): boolean {
    return this.waiting.length === 0 && Date.now() >= this.pausedUntil && this.tokens >= this.burst - 1;
  }
}

export interface RateLimitedCall<T> {
  /** The workspace (team id) the call is made in: Slack counts per workspace. */
  workspace: string;
  method: string;
  /** For chat.postMessage, whose limit is per channel. */
  channel?: string;
  run: () => Promise<T>;
}

const isRateLimited = (error: unknown): error is { retryAfter: number } =>
  (error as { code?: unknown } | null)?.code === 'slack_webapi_rate_limited_error' && typeof (error as { retryAfter?: unknown }).retryAfter === 'number';

export class SlackRateLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: RateLimitOptions = {}) {}

  /** Runs a call when its method's limit allows; a 429 pauses that method only and the call is tried again. */
  async call<T>(call: RateLimitedCall<T>): Promise<T> {
    const bucket = this.bucket(call);
    for (let attempt = 0; ; attempt += 1) {
      await bucket.take();
      try {
        return await call.run();
      } catch (error) {
        if (!isRateLimited(error) || attempt >= RETRIES_AFTER_429) throw error;
        const ms = error.retryAfter * 1000;
        if (this.options.maxRetryAfterMs !== undefined && ms > this.options.maxRetryAfterMs) throw error;
        bucket.pause(ms);
      }
    }
  }

  private bucket(call: RateLimitedCall<unknown>): Bucket {
    const post = call.method === 'chat.postMessage';
    const key = post ? `${call.workspace}:${call.method}:${call.channel ?? ''}` : `${call.workspace}:${call.method}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const tier = METHOD_TIERS[call.method] ?? 2;
      const perMinute = this.options.perMinute?.(call.method) ?? (post ? POST_PER_MINUTE : TIER_PER_MINUTE[tier]);
      bucket = new Bucket(perMinute, post ? POST_BURST : Math.max(1, Math.round(perMinute / 10)));
      this.buckets.set(key, bucket);
      // Per-channel buckets of posts come and go with channels; forget idle ones now and then.
      if (this.buckets.size > 1000) for (const [k, b] of this.buckets) if (b.resting && k !== key) this.buckets.delete(k);
    }
    return bucket;
  }
}
