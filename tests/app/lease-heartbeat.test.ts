/**
 * Claims under a heartbeat: a job that outlasts its lease stays claimed while its
 * holder lives, and a holder that stalled past its lease while another process took the
 * job over learns it at its next beat — `leaseLost()` turns true inside its work (and in
 * work nested under it), which is what posting checks before every message.
 */
import { afterEach, expect, it } from 'vitest';
import { leaseLost, underLease, type LeaseHolder } from '../../src/app/claims.ts';
import { fixedClock } from '../helpers/clock.ts';
import { tempDb, type TempDb } from '../helpers/temp-db.ts';

let db: TempDb;
afterEach(() => db?.cleanup());

const quiet = { warn: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('keeps a long job claimed past its lease while the holder works, and frees it when done', async () => {
  db = tempDb();
  const store = db.open();
  const clock = { now: () => new Date() };
  const holder: LeaseHolder = { store, clock, log: quiet, owner: 'p1', leaseMs: 600 };
  const othersGotIt: boolean[] = [];
  const outcome = await underLease(holder, 'close:r1', async () => {
    for (let i = 0; i < 3; i++) {
      await sleep(500);
      const now = new Date();
      othersGotIt.push(await store.leases.claim('close:r1', 'p2', now, new Date(now.getTime() + 600)));
    }
    return 'posted';
  });
  expect(outcome).toEqual({ claimed: true, value: 'posted' });
  // 1.5 s into a 0.6 s lease, nobody else could take it.
  expect(othersGotIt).toEqual([false, false, false]);
  const now = new Date();
  expect(await store.leases.claim('close:r1', 'p2', now, new Date(now.getTime() + 600))).toBe(true);
});

it('tells a holder that stalled past its lease that the job was taken over, also in nested claims', async () => {
  db = tempDb();
  const store = db.open();
  const clock = fixedClock('2026-03-03T08:00:00Z');
  const holder: LeaseHolder = { store, clock, log: quiet, owner: 'p1', leaseMs: 600 };
  const seen: boolean[] = [];
  await underLease(holder, 'open:r1', () =>
    underLease({ ...holder, owner: 'p1-inner', leaseMs: 60_000 }, 'opening:n1', async () => {
      seen.push(leaseLost());
      // Another process, ten minutes on by its clock, finds the lease run out and takes the job.
      const later = new Date(clock.now().getTime() + 600_000);
      expect(await store.leases.claim('open:r1', 'p2', later, new Date(later.getTime() + 600_000))).toBe(true);
      for (let i = 0; i < 40 && !leaseLost(); i++) await sleep(50);
      seen.push(leaseLost());
    }),
  );
  expect(seen).toEqual([false, true]);
  expect(leaseLost()).toBe(false);
  // The one that took over still holds it: the stalled holder's `done` did not free it.
  expect(await store.leases.claim('open:r1', 'p3', clock.now(), new Date(clock.now().getTime() + 1000))).toBe(false);
});
