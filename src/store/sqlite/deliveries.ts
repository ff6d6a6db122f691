/**
 * Delivery ids already handled (Slack event_id and retries, Teams activity ids), so a
 * platform's retry is processed once, also across a restart. Kept for a day.
 */
import type Database from 'better-sqlite3';
import type { DeliveryRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';

export function deliveryRepository(db: Database.Database): Sync<DeliveryRepository> {
  const insert = db.prepare<[string, string, number]>('INSERT INTO deliveries (platform, delivery_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const prune = db.prepare<[number]>('DELETE FROM deliveries WHERE seen_at < ?');
  return {
    first: (platform, id, now) => insert.run(platform, id, now.getTime()).changes === 1,
    pruneBefore: (before) => prune.run(before.getTime()).changes,
  };
}
