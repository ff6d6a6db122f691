/**
 * Scheduler leases. A claim is one IMMEDIATE transaction, so two processes sharing the
 * database file cannot both take the same job; a lease that runs out (its owner died
 * between claim and post) can be taken again, which is how a crash is recovered once.
 */
import type Database from 'better-sqlite3';
import type { LeaseRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';

export function leaseRepository(db: Database.Database): Sync<LeaseRepository> {
  const get = db.prepare<[string], { owner: string; lease_until: number; attempts: number }>('SELECT owner, lease_until, attempts FROM scheduler_leases WHERE job = ?');
  const insert = db.prepare<[string, string, number]>('INSERT INTO scheduler_leases (job, owner, lease_until, attempts) VALUES (?, ?, ?, 1)');
  const take = db.prepare<[string, number, string]>('UPDATE scheduler_leases SET owner = ?, lease_until = ?, attempts = attempts + 1 WHERE job = ?');
  const free = db.prepare<[string, string]>('UPDATE scheduler_leases SET lease_until = 0 WHERE job = ? AND owner = ?');
  const remove = db.prepare<[string, string]>('DELETE FROM scheduler_leases WHERE job = ? AND owner = ?');
  const claim = db.transaction((job: string, owner: string, now: number, until: number): boolean => {
    const current = get.get(job);
    if (!current) return insert.run(job, owner, until).changes === 1;
    if (current.lease_until > now) return false;
    return take.run(owner, until, job).changes === 1;
  });
  return {
    claim: (job, owner, now, until) => claim.immediate(job, owner, now.getTime(), until.getTime()),
    release: (job, owner) => void free.run(job, owner),
    attempts: (job) => get.get(job)?.attempts ?? 0,
    done: (job, owner) => void remove.run(job, owner),
  };
}
