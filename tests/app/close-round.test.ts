/**
 * The close procedure (promises 1 and 6) when things do not go to plan: a round whose
 * linkage was lost, another process closing or erasing the round half-way through this
 * one's close, a results post that failed, a close asked for a round that is not open.
 * Each time the round is closed at most once, its results are posted once, and the log
 * holds figures, never people.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createUseCases } from '../../src/app/index.ts';
import type { AppUseCases } from '../../src/app/use-cases.ts';
import type { Level } from '../../src/core/scale.ts';
import { createTestApp, testContent, type TestApp } from '../helpers/app.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

async function roundWithAnswers(levels: Level[], options: Parameters<typeof createTestApp>[0] = {}): Promise<{ roundId: string; networkId: string }> {
  app = createTestApp(options);
  await app.setup({ k: 3 });
  const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
  for (const [i, level] of levels.entries()) await app.useCases.answerLevel(round.id, app.voters(levels.length)[i]!, level);
  await app.settle();
  return { roundId: round.id, networkId: round.networkId };
}

/** A second bot process on the same archive and linkage directory. */
function otherProcess(): AppUseCases {
  const { store, linkage } = app.db.openBoth();
  return createUseCases({ ...app.deps, store, linkage });
}

const resultsPosts = () => app.slack.posts.slice(1);
const warnings = () => app.logs.filter((l) => l.level === 'warn').map((l) => l.msg);

/** Runs `step` once, just before this process writes the close to the archive (after sealing). */
function beforeTheArchiveWrite(roundId: string, step: () => Promise<unknown>): void {
  const { store, linkage } = app;
  const transaction = store.transaction.bind(store);
  let done = false;
  store.transaction = async (fn) => {
    if (!done && (await linkage.sealed(roundId))) {
      done = true;
      await step();
    }
    return transaction(fn);
  };
}

/** Runs `step` once, just before the close procedure reads the round (after the caller did). */
function beforeTheSecondRead(roundId: string, step: () => Promise<unknown>): void {
  const get = app.store.rounds.get.bind(app.store.rounds);
  let reads = 0;
  app.store.rounds.get = async (id) => {
    if (id === roundId && ++reads === 2) await step();
    return get(id);
  };
}

describe('closing a round', () => {
  it('logs that it closed with figures only, and no warning', async () => {
    const { roundId, networkId } = await roundWithAnswers([1, 2, 2, 4, 3]);
    await app.useCases.closeRoundNow(app.channel, app.coordinator);
    const closed = app.logs.filter((l) => l.msg === 'round closed');
    expect(closed.map((l) => l.fields)).toEqual([{ roundId, networkId, n: 5, shown: true }]);
    expect(warnings()).toEqual([]);
  });

  it('closes a round whose linkage was lost with no answers, and says so in the log', async () => {
    const { roundId, networkId } = await roundWithAnswers([1, 2, 2, 4, 3]);
    await app.linkage.destroy(roundId);
    const { result } = await app.useCases.closeRoundNow(app.channel, app.coordinator);
    expect(result).toEqual({ shown: false, n: 0, k: 3 });
    expect(await app.store.answers.count(roundId)).toBe(0);
    expect(app.logs.filter((l) => l.level === 'warn').map((l) => [l.msg, l.fields])).toEqual([['round closed without its linkage; its answers were lost', { roundId, networkId }]]);
  });

  it('asks the monitor questions after the temperature rose, as the rounds before and this one show', async () => {
    const first = await roundWithAnswers([1, 1, 1, 1, 1, 1]);
    await app.useCases.closeRoundNow(app.channel, app.coordinator);
    const second = await app.useCases.openRoundNow(app.channel, app.coordinator);
    for (const [i, voter] of app.voters(6).entries()) await app.useCases.answerLevel(second.id, voter, i < 5 ? 3 : 4);
    await app.useCases.closeRoundNow(app.channel, app.coordinator);
    const promptOf = async (id: string) => {
      const promptId = (await app.store.rounds.get(id))?.promptId;
      return testContent().prompts.find((p) => p.id === promptId);
    };
    expect((await promptOf(first.roundId))?.kind).not.toBe('monitor');
    expect((await promptOf(second.id))?.kind).toBe('monitor');
    expect(await app.store.prompts.used(first.networkId)).toHaveLength(2);
  });

  it('closes without a conversation prompt when content has none', async () => {
    const { roundId, networkId } = await roundWithAnswers([1, 2, 3, 3, 2], { deps: { content: { ...testContent(), prompts: [] } } });
    await app.useCases.closeRoundNow(app.channel, app.coordinator);
    expect(await app.store.rounds.get(roundId)).toMatchObject({ status: 'closed', promptId: null });
    expect(await app.store.prompts.used(networkId)).toEqual([]);
    expect(resultsPosts()).toHaveLength(1);
  });

  it('finishes a results post that failed when asked to close again, and closes nothing twice', async () => {
    const { roundId } = await roundWithAnswers([1, 2, 3, 3, 2]);
    app.slack.failNextPosts(1);
    await app.useCases.closeRoundNow(app.channel, app.coordinator);
    expect(resultsPosts()).toHaveLength(0);
    expect(await app.useCases.closeRound(roundId)).toBeUndefined();
    expect(resultsPosts()).toHaveLength(1);
    expect(await app.useCases.closeRound(roundId)).toBeUndefined();
    expect(resultsPosts()).toHaveLength(1);
    expect(await app.store.answers.count(roundId)).toBe(5);
  });

  it('does nothing for a round that is unknown or not open yet', async () => {
    app = createTestApp();
    await app.setup({ k: 3 });
    expect(await app.useCases.closeRound('no-such-round')).toBeUndefined();
    const [network] = await app.store.networks.all();
    const planned = await app.useCases.scheduleRound(network!.id, new Date('2026-04-07T07:00:00Z'));
    expect(planned?.status).toBe('scheduled');
    expect(await app.useCases.closeRound(planned!.id)).toBeUndefined();
    expect((await app.store.rounds.get(planned!.id))?.status).toBe('scheduled');
    expect(warnings()).toEqual([]);
  });
});

describe('two processes closing one round', () => {
  it('when the other closes it after this one sealed: closed and posted once, and this one says no round is open', async () => {
    const { roundId, networkId } = await roundWithAnswers([1, 2, 2, 4, 3]);
    const other = otherProcess();
    beforeTheArchiveWrite(roundId, () => other.closeRound(roundId));
    await expect(app.useCases.closeRoundNow(app.channel, app.coordinator)).rejects.toMatchObject({ code: 'no_open_round' });
    expect(await app.store.rounds.get(roundId)).toMatchObject({ status: 'closed', result: { n: 5 } });
    expect(await app.store.answers.count(roundId)).toBe(5);
    expect(await app.store.prompts.used(networkId)).toHaveLength(1);
    expect(resultsPosts()).toHaveLength(1);
    expect(await app.linkage.rounds()).toEqual([]);
  });

  it('when the other erases the network after this one sealed: nothing is closed, and the linkage is gone', async () => {
    const { roundId, networkId } = await roundWithAnswers([1, 2, 2, 4, 3]);
    beforeTheArchiveWrite(roundId, () => app.db.openBoth().store.networks.delete(networkId));
    await expect(app.useCases.closeRoundNow(app.channel, app.coordinator)).rejects.toMatchObject({ code: 'no_open_round' });
    expect(await app.store.rounds.get(roundId)).toBeUndefined();
    expect(resultsPosts()).toHaveLength(0);
    expect(await app.linkage.rounds()).toEqual([]);
  });

  it('when the other closes it just before this one starts: nothing more happens here, and no false alarm', async () => {
    const { roundId } = await roundWithAnswers([1, 2, 2, 4, 3]);
    const other = otherProcess();
    beforeTheSecondRead(roundId, () => other.closeRound(roundId));
    expect(await app.useCases.closeRound(roundId)).toBeUndefined();
    expect(resultsPosts()).toHaveLength(1);
    expect(warnings()).toEqual([]);
  });

  it('when the network is erased just after this one closed: nothing is posted, and nothing fails', async () => {
    const { roundId, networkId } = await roundWithAnswers([1, 2, 2, 4, 3]);
    const prune = app.store.deliveries.pruneBefore.bind(app.store.deliveries);
    app.store.deliveries.pruneBefore = async (cutoff) => {
      await app.db.openBoth().store.networks.delete(networkId);
      return prune(cutoff);
    };
    expect(await app.useCases.closeRound(roundId)).toBeUndefined();
    expect(await app.store.rounds.get(roundId)).toBeUndefined();
    expect(resultsPosts()).toHaveLength(0);
    expect(await app.linkage.rounds()).toEqual([]);
  });

  it('when the network is erased just before this one starts: nothing happens here', async () => {
    const { roundId, networkId } = await roundWithAnswers([1, 2, 2, 4, 3]);
    beforeTheSecondRead(roundId, () => app.db.openBoth().store.networks.delete(networkId));
    expect(await app.useCases.closeRound(roundId)).toBeUndefined();
    expect(resultsPosts()).toHaveLength(0);
  });
});
