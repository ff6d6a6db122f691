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
  /** Coordinators: the erase confirmation form, then the erase itself. */
  eraseForm(channel: ChannelRef, actor: UserRef): Promise<Form>;
  /** Erases the network from the archive, destroys its open round's linkage, and compacts the archive. */
  erase(channel: ChannelRef, actor: UserRef): Promise<ChatMessage>;
  /**
   * True the first time a delivery id (Slack event, command, click or submission; Teams
   * activity id) is seen, false for a retry or replay of it. Durable, so a restart does
   * not process a retry twice; kept only as a hash with the hour (deliveries.ts).
   */
  firstDelivery(platform: Platform, deliveryId: string): Promise<boolean>;
  /**
   * Deletes rounds (with their answers) and agreements closed before each network's
   * retention period, then compacts the archive; returns how many rounds and agreements.
   */
  purgeExpired(): Promise<number>;
  /** A polite localised message for an error a user caused (DomainError), or a generic one. */
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
        // Rounds, answers, coordinators, posts, prompts and agreements cascade.
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
          const before = monthsBefore(now, network.settings.retentionMonths);
          n += await tx.rounds.purgeEndedBefore(network.id, before);
          n += await tx.agreements.purgeClosedBefore(network.id, before);
        }
        if (n > 0) await tx.maintenance.oweCompaction();
        return n;
      });
      await store.deliveries.pruneBefore(deliveryCutoff(now));
      if (purged > 0) {
        await hygiene.compactNow();
        log.info('expired rounds and agreements deleted', { count: purged });
      }
      return purged;
    },

    errorMessage: (error, lang) => errorMessage({ content, lang, timeZone: 'Europe/Amsterdam' }, error),
  };
}
