/**
 * Looking after the data: erasing a network at a coordinator's request, deleting what
 * is past retention, de-duplicating platform deliveries (deliveries.ts), and polite
 * error replies.
 */
import type { ChatMessage, Form } from '../core/message.ts';
import type { ChannelRef, Language, Platform, UserRef } from '../core/network.ts';
import type { AppContext } from './context.ts';
import { deliveryCutoff, deliveryHash, deliveryHour, HOUR_MS } from './deliveries.ts';
import { erasedMessage, errorMessage, eraseForm } from './messages/index.ts';

const PRUNE_EVERY_MS = HOUR_MS;

export interface AdminUseCases {
  eraseForm(channel: ChannelRef, actor: UserRef): Form;
  erase(channel: ChannelRef, actor: UserRef): ChatMessage;
  firstDelivery(platform: Platform, deliveryId: string): boolean;
  purgeExpired(): number;
  errorMessage(error: unknown, lang: Language): ChatMessage;
}

/** `months` calendar months before `date` (UTC), clamped to the month's last day. */
export function monthsBefore(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export function createAdminUseCases(ctx: AppContext): AdminUseCases {
  const { store, clock, log, content } = ctx;
  let lastPrune = 0;

  return {
    eraseForm(channel, actor) {
      const network = ctx.requireCoordinator(channel, actor);
      return eraseForm(ctx.messageContext(network), network);
    },

    erase(channel, actor) {
      const network = ctx.requireCoordinator(channel, actor);
      store.transaction(() => {
        store.bindings.unbindNetwork(network.id);
        // Rounds, answers, tokens, secrets, coordinators, posts and prompts cascade.
        store.networks.delete(network.id);
      });
      store.checkpoint();
      log.info('network erased', { networkId: network.id });
      return erasedMessage(ctx.messageContext(network), network.settings.name);
    },

    firstDelivery(platform, deliveryId) {
      const now = clock.now();
      if (now.getTime() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = now.getTime();
        store.deliveries.pruneBefore(deliveryCutoff(now));
      }
      return store.deliveries.first(platform, deliveryHash(platform, deliveryId), deliveryHour(now));
    },

    purgeExpired() {
      const now = clock.now();
      let purged = 0;
      for (const network of store.networks.all()) {
        purged += store.rounds.purgeEndedBefore(network.id, monthsBefore(now, network.settings.retentionMonths));
      }
      store.deliveries.pruneBefore(deliveryCutoff(now));
      if (purged > 0) {
        store.checkpoint();
        log.info('expired rounds deleted', { rounds: purged });
      }
      return purged;
    },

    errorMessage: (error, lang) => errorMessage({ content, lang, timeZone: 'Europe/Amsterdam' }, error),
  };
}
