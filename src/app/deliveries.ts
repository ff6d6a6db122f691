/**
 * Recognising a delivery the bot has handled before — a platform's retry or a replayed
 * request (Slack events, slash commands, clicks and modal submissions; Teams activities)
 * — without keeping a per-click time next to anything that identifies the click
 * (promise 6). The store gets a hash of the delivery id and the hour it arrived: never
 * the id, never the moment. An id is remembered for the hour it arrived and the next
 * full hour, far longer than Slack's five-minute signature window or any platform's
 * retries, and then forgotten: on the hourly prune, the daily purge and when a round
 * closes.
 */
import { createHash } from 'node:crypto';
import type { Platform } from '../core/network.ts';

export const HOUR_MS = 3_600_000;

/** What the store keeps instead of a delivery id. */
export function deliveryHash(platform: Platform, deliveryId: string): string {
  return createHash('sha256').update(`${platform}:${deliveryId}`).digest('base64url');
}

/** The start of the hour `now` falls in: the only time kept with a delivery. */
export function deliveryHour(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
}

/** Deliveries stamped before this are forgotten: kept at least one full hour, at most two. */
export function deliveryCutoff(now: Date): Date {
  return new Date(deliveryHour(now).getTime() - HOUR_MS);
}
