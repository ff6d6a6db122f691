/**
 * Scheduler leases shared by every replica. A claim is one compare-and-set statement:
 * the row is taken when it is missing or its lease has run out, and PostgreSQL's row
 * lock on the conflicting key makes two replicas that claim at once see one winner.
 * `renew` extends a lease only for the owner that still holds it, so a replica that
 * stalled past its lease learns it lost the job instead of carrying on beside the one
 * that took it over.
 */
import type { LeaseRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';

export function leaseRepository(sql: Sql): LeaseRepository {
  return {
    claim: async (job, owner, now, until) =>
      (await sql.run(
        `INSERT INTO scheduler_leases (job, owner, lease_until, attempts) VALUES ($1, $2, $4, 1)
         ON CONFLICT (job) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until, attempts = scheduler_leases.attempts + 1
         WHERE scheduler_leases.lease_until <= $3`,
        [job, owner, now, until],
      )) === 1,
    renew: async (job, owner, until) => (await sql.run('UPDATE scheduler_leases SET lease_until = $3 WHERE job = $1 AND owner = $2', [job, owner, until])) === 1,
    async release(job, owner) {
      await sql.run("UPDATE scheduler_leases SET lease_until = 'epoch' WHERE job = $1 AND owner = $2", [job, owner]);
    },
    attempts: async (job) => (await sql.rows<{ attempts: number }>('SELECT attempts FROM scheduler_leases WHERE job = $1', [job]))[0]?.attempts ?? 0,
    async done(job, owner) {
      await sql.run('DELETE FROM scheduler_leases WHERE job = $1 AND owner = $2', [job, owner]);
    },
  };
}
