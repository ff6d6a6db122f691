/** Delivery ids already handled, so a platform's retry is processed once, by whichever replica gets it first. */
import type { DeliveryRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';

export function deliveryRepository(sql: Sql): DeliveryRepository {
  return {
    first: async (platform, id, now) =>
      (await sql.run('INSERT INTO deliveries (platform, delivery_id, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [platform, id, now])) === 1,
    pruneBefore: (before) => sql.run('DELETE FROM deliveries WHERE seen_at < $1', [before]),
  };
}
