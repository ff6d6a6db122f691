/**
 * Promise 1 against a forensic look at the files: after rounds with large and multibyte
 * comments, changes and withdrawals have closed, and after an erase and a retention
 * purge, a raw scan of every page of the archive (file, WAL and shared memory) and of
 * the linkage directory finds no token, no round secret, and no comment text that was
 * withdrawn, replaced, erased or purged. (Open rounds' answers never had ids in the
 * archive, so no pre-close answer id exists to look for.)
 */
import { afterEach, expect, it } from 'vitest';
import { participationToken } from '../../src/app/tokens.ts';
import type { ChannelBinding } from '../../src/core/network.ts';
import { createTestApp, setupValues, type TestApp } from '../helpers/app.ts';
import { findInDatabase, findInDirectory } from '../helpers/bytes.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** A long comment in several scripts, with a marker that names it (under the 1000-character limit). */
const comment = (marker: string): string => `${marker} ${'Ünïcødé 🌡️ spanning — ĳsberg ' .repeat(30)}`.slice(0, 990);

it('leaves no trace of withdrawn, replaced, erased or purged text, nor any token or secret, on any page', async () => {
  app = createTestApp({ seed: 51 });
  await app.setup({ commentsEnabled: true, k: 3 });
  const gone: string[] = [];
  const kept: string[] = [];
  const links: (string | Uint8Array)[] = [];

  // Three rounds in network A, a year apart; the first one will be past retention.
  for (const [r, opensAt] of ['2024-01-09T08:00:00Z', '2025-01-07T08:00:00Z', '2026-01-06T08:00:00Z'].entries()) {
    app.clock.set(opensAt);
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    const secret = (await app.linkage.secret(round.id))!;
    links.push(secret);
    for (const [i, voter] of app.voters(12, `U0R${r}X`).entries()) {
      links.push(participationToken(secret, voter));
      const first = `«eerst-${r}-${i}»`;
      await app.useCases.submitAnswerForm(round.id, voter, { level: String((i % 4) + 1), comment: comment(first) });
      if (i % 3 === 0) {
        const second = `«daarna-${r}-${i}»`;
        await app.useCases.submitAnswerForm(round.id, voter, { comment: comment(second) });
        gone.push(first);
        (r === 0 ? gone : kept).push(second);
      } else if (i % 4 === 1) {
        await app.useCases.withdraw(round.id, voter);
        gone.push(first);
      } else {
        (r === 0 ? gone : kept).push(first);
      }
    }
    app.clock.advanceDays(7);
    await app.useCases.closeRoundNow(app.channel, app.coordinator);
  }

  // Network B in another channel: one closed round, then erased.
  const other: Omit<ChannelBinding, 'networkId'> = { ...app.channel, channel: 'C0ERASED' };
  await app.useCases.submitSetup(other, app.coordinator, setupValues({ name: 'Netwerk Dat Verdwijnt', k: 3 }), (await app.useCases.setupForm(other, app.coordinator)).context);
  const erasedRound = await app.useCases.openRoundNow(other, app.coordinator);
  for (const [i, voter] of app.voters(5, 'U0ERASE').entries()) {
    await app.useCases.submitAnswerForm(erasedRound.id, voter, { level: '2', comment: comment(`«gewist-${i}»`) });
    gone.push(`«gewist-${i}»`);
  }
  await app.useCases.closeRoundNow(other, app.coordinator);
  // The scan can see what is there before it goes.
  expect(findInDatabase(app.db.path, ['«gewist-1»', '«eerst-0-2»'])).toHaveLength(2);

  await app.useCases.erase(other, app.coordinator);
  app.clock.set('2026-02-10T08:00:00Z');
  expect(await app.useCases.purgeExpired()).toBe(1);
  await app.useCases.recover();

  expect(findInDatabase(app.db.path, [...gone, 'Netwerk Dat Verdwijnt'])).toEqual([]);
  expect(findInDatabase(app.db.path, links)).toEqual([]);
  expect(findInDirectory(app.db.linkagePath, [...gone, ...kept, ...links])).toEqual([]);
  // What stays, stays: the answers of the two rounds within retention.
  expect(findInDatabase(app.db.path, kept)).toEqual(kept);
});
