/**
 * Looking after the data: erasing a network at a coordinator's request, deleting what
 * is past retention, de-duplicating platform deliveries (deliveries.ts), and polite
 * error replies.
 */
import type { ChatMessage, Form } from '../core/message.ts';
import type { ChannelRef, Language, Platform, UserRef } from '../core/network.ts';
import type { AppContext } from './context.ts';
import { deliveryCutoff, deliveryHash, deliveryHour, HOUR_MS } from './deliveries.ts';
import type { ArchiveHygiene } from './recovery.ts';
import { erasedMessage, errorMessage, eraseForm } from './messages/index.ts';

const PRUNE_EVERY_MS = HOUR_MS;

export interface AdminUseCases {
  eraseForm(channel: ChannelRef, actor: UserRef): Promise<Form>;
  erase(channel: ChannelRef, actor: UserRef): Promise<ChatMessage>;
  firstDelivery(platform: Platform, deliveryId: string): Promise<boolean>;
  purgeExpired(): Promise<number>;
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

export function createAdminUseCases(ctx: AppContext, hygiene: ArchiveHygiene): AdminUseCases {
  const { store, linkage, clock, log, content } = ctx;
  let lastPrune = 0;

  return {
    async eraseForm(channel, actor) {
      const network = await ctx.requireCoordinator(channel, actor);
      return eraseForm(ctx.messageContext(network), network);
    },

    async erase(channel, actor) {
      const network = await ctx.requireCoordinator(channel, actor);
      const open = await store.rounds.openFor(network.id);
      await store.transaction(async (tx) => {
        await tx.bindings.unbindNetwork(network.id);
        // Rounds, answers, coordinators, posts and prompts cascade.
        await tx.networks.delete(network.id);
        await tx.maintenance.oweCompaction();
      });
      // The archive first: a crash now leaves linkage of a round that is gone, which the
      // recovery sweep destroys.
      if (open) await linkage.destroy(open.id);
      await hygiene.compactNow();
      log.info('network erased', { networkId: network.id });
      return erasedMessage(ctx.messageContext(network), network.settings.name);
    },

    async firstDelivery(platform, deliveryId) {
      const now = clock.now();
      if (now.getTime() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = now.getTime();
        await store.deliveries.pruneBefore(deliveryCutoff(now));
      }
      return store.deliveries.first(platform, deliveryHash(platform, deliveryId), deliveryHour(now));
    },

    async purgeExpired() {
      const now = clock.now();
      const purged = await store.transaction(async (tx) => {
        let n = 0;
        for (const network of await tx.networks.all()) {
          n += await tx.rounds.purgeEndedBefore(network.id, monthsBefore(now, network.settings.retentionMonths));
        }
        if (n > 0) await tx.maintenance.oweCompaction();
        return n;
      });
      await store.deliveries.pruneBefore(deliveryCutoff(now));
      if (purged > 0) {
        await hygiene.compactNow();
        log.info('expired rounds deleted', { rounds: purged });
      }
      return purged;
    },

    errorMessage: (error, lang) => errorMessage({ content, lang, timeZone: 'Europe/Amsterdam' }, error),
  };
}
