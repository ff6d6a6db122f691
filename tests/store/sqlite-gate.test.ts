/**
 * The SQLite archive's one connection under asynchronous callers: a call that finds the
 * file locked by another connection waits without stopping the event loop, and when it
 * is tried again it never joins a transaction that began on its own connection
 * meanwhile.
 */
import { afterEach, expect, it } from 'vitest';
import { aNetwork } from '../helpers/builders.ts';
import { tempDb, type TempDb } from '../helpers/temp-db.ts';

let db: TempDb;
afterEach(() => db?.cleanup());

it('waits for another connection’s lock with the event loop running, and never lands in a transaction it was not part of', async () => {
  db = tempDb();
  const mine = db.open();
  const other = db.open();
  const lone = aNetwork();
  const doomed = aNetwork();
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));

  // Another connection holds the write lock across an await (as a second process would).
  const otherTx = other.transaction(async (tx) => {
    await tx.networks.create(aNetwork());
    await held;
  });
  // A single write on my connection finds the file locked and waits…
  const loneWrite = mine.networks.create(lone);
  // …and meanwhile a transaction begins on my connection, and fails after it began.
  const myTx = mine.transaction(async (tx) => {
    await tx.networks.create(doomed);
    throw new Error('changed my mind');
  });
  // The event loop runs while both wait: a timer fires, and then the lock is released.
  await new Promise((resolve) => setTimeout(resolve, 30));
  release();
  await otherTx;
  await expect(myTx).rejects.toThrow('changed my mind');
  await loneWrite;

  expect(await mine.networks.get(lone.id)).toBeDefined();
  expect(await mine.networks.get(doomed.id)).toBeUndefined();
  expect(await mine.networks.all()).toHaveLength(2);
});
