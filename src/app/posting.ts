/**
 * Posting round messages, results and reminders exactly once per channel, and keeping
 * the live response count up to date.
 *
 * Every post is recorded as an intent before it is sent and as posted after, so a
 * retry (the scheduler's next tick, a restart) sends only what is still missing. The
 * only window for a duplicate is a crash between the platform accepting a post and the
 * store recording it; a message is never silently lost. A post refused for its size is
 * sent once more in the smaller form the message builder gave it. Each channel gets the
 * message in its own language (MessageFor), and one channel failing never keeps the post
 * from the others.
 */
import { ChatError, type ChatErrorReason, type ChatGateway, type PostedRef } from '../core/ports.ts';
import type { ChatMessage } from '../core/message.ts';
import type { ChannelBinding } from '../core/network.ts';
import type { PostKind, PostRecord, Repositories } from '../core/store-port.ts';
import { leaseLost } from './claims.ts';
import type { AppContext, MessageFor } from './context.ts';

export interface Posting {
  /** Posts to a channel unless it was posted (or failed for good) before. */
  postOnce(roundId: string, kind: PostKind, binding: ChannelBinding, message: ChatMessage): Promise<PostedRef | undefined>;
  /** Records the intent to post to every binding, through the opening or closing transaction `tx`. */
  intendAll(tx: Repositories, roundId: string, kind: PostKind, bindings: ChannelBinding[]): Promise<void>;
  /** Sends every intended-but-unsent post of a round and kind with the message built for its channel. */
  sendPending(roundId: string, kind: PostKind, message: MessageFor): Promise<number>;
  /** Replaces every posted message of a round and kind (the live count, the closed notice). */
  updateAll(roundId: string, kind: PostKind, message: MessageFor): Promise<void>;
  /**
   * Brings the count on a round's messages up to date. Calls while an update is under
   * way coalesce into one more update with the newest count, so the last word is right;
   * updates of one round start at most once a second, so a burst of answers costs a
   * handful of updates, not one per answer (and stays well inside platforms' limits).
   * `build(rightAway)` is told whether it runs right away for the call that started it
   * (no pause before it): then what that call just read is current, and calls coalesced
   * meanwhile get a later build that reads afresh.
   */
  refreshCount(roundId: string, build: (rightAway: boolean) => Promise<MessageFor | undefined>): Promise<void>;
}

/** Count updates of one round start at most this often. */
const REFRESH_INTERVAL_MS = 1000;

const pause = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** Whether a failure is final for this post, or worth the next tick's retry. Exhaustive on purpose. */
function permanent(reason: ChatErrorReason): boolean {
  switch (reason) {
    case 'channel_gone':
    case 'rejected':
    case 'too_large':
      return true;
    case 'rate_limited':
    case 'unavailable':
      return false;
  }
}

const asBinding = (record: PostRecord, networkId: string): ChannelBinding => ({
  platform: record.platform,
  workspace: record.workspace,
  channel: record.channel,
  serviceUrl: record.serviceUrl,
  networkId,
});

const asRef = (record: PostRecord): PostedRef | undefined =>
  record.messageId === null
    ? undefined
    : { platform: record.platform, workspace: record.workspace, channel: record.channel, messageId: record.messageId, serviceUrl: record.serviceUrl };

export function createPosting(ctx: AppContext): Posting {
  const { store, log } = ctx;
  const refreshing = new Map<string, { again: boolean; done: Promise<void> }>();
  /** When each round's count was last updated (bounded: old entries go first). */
  const lastRefresh = new Map<string, number>();

  const send = async (roundId: string, kind: PostKind, binding: ChannelBinding, message: ChatMessage): Promise<PostedRef | undefined> => {
    // Another process took the job over while this one stalled: it posts, not us.
    if (leaseLost()) {
      log.warn('post left to the process that took the job over', { platform: binding.platform, kind, roundId });
      return undefined;
    }
    const gateway = ctx.gateway(binding.platform);
    // Not mounted (yet): the intent stays pending for the next attempt.
    if (!gateway) {
      log.warn('no chat gateway for platform; post kept for later', { platform: binding.platform, kind, roundId });
      return undefined;
    }
    try {
      const ref = await postOrReduce(gateway, binding, message, { roundId, kind });
      await store.posts.posted(roundId, kind, ref);
      return ref;
    } catch (error) {
      const reason: ChatErrorReason = error instanceof ChatError ? error.reason : 'unavailable';
      if (permanent(reason)) await store.posts.failed(roundId, kind, binding);
      const fields = { platform: binding.platform, kind, roundId, reason, error: error instanceof Error ? error : String(error) };
      if (reason === 'too_large') log.error('post refused for its size, also in reduced form', fields);
      else log.warn('post failed', fields);
      return undefined;
    }
  };

  /** A post the platform refuses for its size is sent once more in its reduced form, never dropped. */
  const postOrReduce = async (gateway: ChatGateway, binding: ChannelBinding, message: ChatMessage, where: { roundId: string; kind: PostKind }): Promise<PostedRef> => {
    try {
      return await gateway.post(binding, message);
    } catch (error) {
      if (!(error instanceof ChatError) || error.reason !== 'too_large' || !message.reduced) throw error;
      log.warn('post refused for its size; sending the reduced form', { platform: binding.platform, ...where });
      return await gateway.post(binding, message.reduced);
    }
  };

  const updateAll = async (roundId: string, kind: PostKind, message: MessageFor): Promise<void> => {
    for (const record of await store.posts.forRound(roundId, kind)) {
      const ref = asRef(record);
      const gateway = ctx.gateway(record.platform);
      if (!ref || record.state !== 'posted' || !gateway) continue;
      try {
        await gateway.update(ref, await message(record));
      } catch (error) {
        log.warn('update failed', { platform: record.platform, kind, roundId, error: error instanceof Error ? error : String(error) });
      }
    }
  };

  return {
    async postOnce(roundId, kind, binding, message) {
      const record = await store.posts.intend(roundId, kind, binding);
      if (record.state !== 'pending') return asRef(record);
      return send(roundId, kind, binding, message);
    },
    async intendAll(tx, roundId, kind, bindings) {
      for (const binding of bindings) await tx.posts.intend(roundId, kind, binding);
    },
    async sendPending(roundId, kind, message) {
      const round = await store.rounds.get(roundId);
      if (!round) return 0;
      let sent = 0;
      for (const record of await store.posts.forRound(roundId, kind)) {
        if (record.state !== 'pending') continue;
        if (await send(roundId, kind, asBinding(record, round.networkId), await message(record))) sent += 1;
      }
      return sent;
    },
    updateAll,
    refreshCount(roundId, build) {
      const running = refreshing.get(roundId);
      if (running) {
        running.again = true;
        return running.done;
      }
      const entry = { again: false, done: Promise.resolve() };
      entry.done = (async () => {
        try {
          const since = lastRefresh.get(roundId);
          const wait = since === undefined ? 0 : since + REFRESH_INTERVAL_MS - Date.now();
          let rightAway = wait <= 0;
          await pause(wait);
          do {
            entry.again = false;
            lastRefresh.set(roundId, Date.now());
            const message = await build(rightAway);
            rightAway = false;
            if (message) await updateAll(roundId, 'round', message);
            if (entry.again) await pause(REFRESH_INTERVAL_MS - (Date.now() - (lastRefresh.get(roundId) ?? 0)));
          } while (entry.again);
        } finally {
          refreshing.delete(roundId);
          if (lastRefresh.size > 1000) lastRefresh.delete(lastRefresh.keys().next().value as string);
        }
      })();
      refreshing.set(roundId, entry);
      return entry.done;
    },
  };
}
