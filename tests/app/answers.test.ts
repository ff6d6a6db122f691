/**
 * Recording answers while a round is open: only with the round's linkage, the live count
 * moved by new answers only, and a count update that comes too late or fails never
 * touches a closed round's message nor the answer itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredRound } from '../../src/core/store-port.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

async function openRound(): Promise<{ roundId: string }> {
  app = createTestApp();
  await app.setup();
  const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
  await app.settle();
  return { roundId: round.id };
}

/** From the next answer on, the archive answers `rounds.get` as `after` says: what a count update that runs late sees. */
function afterTheNextAnswer(after: (round: StoredRound | undefined) => Promise<StoredRound | undefined>): void {
  const { linkage, store } = app;
  const put = linkage.put.bind(linkage);
  const get = store.rounds.get.bind(store.rounds);
  let recorded = false;
  linkage.put = async (...args) => {
    const result = await put(...args);
    recorded = true;
    return result;
  };
  store.rounds.get = async (id) => {
    const round = await get(id);
    return recorded ? after(round) : round;
  };
}

describe('answering', () => {
  it('is refused when the round\'s linkage is gone, even while the archive says open', async () => {
    const { roundId } = await openRound();
    const [voter] = app.voters(1);
    await app.linkage.destroy(roundId);
    await expect(app.useCases.answerLevel(roundId, voter!, 2)).rejects.toMatchObject({ code: 'round_not_open' });
    await expect(app.useCases.withdraw(roundId, voter!)).rejects.toMatchObject({ code: 'round_not_open' });
  });

  it('moves the live count on a new answer, and leaves the round message alone when someone changes theirs', async () => {
    const { roundId } = await openRound();
    const post = app.slack.posts[0]!;
    const [a] = app.voters(1);
    const before = post.updates.length;
    expect(await app.useCases.answerLevel(roundId, a!, 2)).toMatchObject({ created: true, count: 1 });
    await app.settle();
    expect(post.updates).toHaveLength(before + 1);
    expect(await app.useCases.answerLevel(roundId, a!, 4)).toMatchObject({ created: false, count: 1 });
    await app.settle();
    expect(post.updates).toHaveLength(before + 1);
  });

  it('records the channel a form was sent from, as that channel\'s key, not its platform id', async () => {
    const { roundId } = await openRound();
    const [voter] = app.voters(1);
    const network = await app.useCases.networkFor(app.channel);
    const [binding] = await app.store.bindings.forNetwork(network!.id);
    await app.useCases.submitAnswerForm(roundId, voter!, { level: '3' }, app.channel);
    const answer = await app.answerOf(roundId, voter!);
    expect(answer?.channel).toBe(binding!.key);
    expect(answer?.channel).not.toBe(app.channel.channel);
  });

  it('leaves the round message alone when the round closed before the count update ran', async () => {
    const { roundId } = await openRound();
    const post = app.slack.posts[0]!;
    const before = post.updates.length;
    afterTheNextAnswer(async (round) => round && { ...round, status: 'closed' });
    await app.useCases.answerLevel(roundId, app.voters(1)[0]!, 3);
    await app.settle();
    expect(post.updates).toHaveLength(before);
    expect(app.logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('leaves the round message alone when the network was erased before the count update ran', async () => {
    const { roundId } = await openRound();
    const post = app.slack.posts[0]!;
    const before = post.updates.length;
    afterTheNextAnswer(async () => undefined);
    await app.useCases.answerLevel(roundId, app.voters(1)[0]!, 3);
    await app.settle();
    expect(post.updates).toHaveLength(before);
    expect(app.logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('keeps the answer when the count update fails, and says so in the log with the round only', async () => {
    const { roundId } = await openRound();
    const [voter] = app.voters(1);
    afterTheNextAnswer(async () => {
      throw new Error('archive unreachable');
    });
    const receipt = await app.useCases.answerLevel(roundId, voter!, 3);
    await app.settle();
    expect(receipt).toMatchObject({ created: true, count: 1 });
    expect((await app.answerOf(roundId, voter!))?.level).toBe(3);
    const warnings = app.logs.filter((l) => l.level === 'warn');
    expect(warnings.map((l) => l.msg)).toEqual(['count update failed']);
    expect(Object.keys(warnings[0]!.fields).sort()).toEqual(['error', 'roundId']);
    expect(warnings[0]!.fields.roundId).toBe(roundId);
  });
});
