/**
 * A coordinator cannot close early while results would be shown on a thin margin
 * (k ≤ n < k + 2): the refusal says why, the round stays open and nothing is posted.
 * Below k and from k + 2 early close works; the planned close is never held back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/app/messages/index.ts';
import { tick } from '../../src/scheduler/tick.ts';
import { createTestApp, testContent, type TestApp } from '../helpers/app.ts';
import { messageText } from '../helpers/fake-chat.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

async function openWith(n: number, k = 5): Promise<string> {
  app = createTestApp();
  app.clock.set('2026-03-02T08:00:00Z');
  await app.setup({ k });
  const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
  for (const [i, voter] of app.voters(n).entries()) await app.useCases.answerLevel(round.id, voter, ((i % 4) + 1) as 1 | 2 | 3 | 4);
  return round.id;
}

const refusal = async (): Promise<unknown> => app.useCases.closeRoundNow(app.channel, app.coordinator).then(() => undefined, (error: unknown) => error);
const resultsPosts = () => app.slack.posts.filter((p) => messageText(p.message).includes('Uitkomst'));

describe('closing early on a thin margin', () => {
  it('is refused at k and k + 1 answers, with the reason, and the round stays open', async () => {
    const roundId = await openWith(5);
    const atK = await refusal();
    expect(atK).toMatchObject({ code: 'close_thin_margin', params: { n: 5, k: 5, needed: 7 } });
    const text = messageText(errorMessage({ content: testContent(), lang: 'nl', timeZone: 'Europe/Amsterdam' }, atK));
    expect(text).toContain('vanaf 7 reacties');
    expect(text).toContain('geplande moment');
    const en = messageText(errorMessage({ content: testContent(), lang: 'en', timeZone: 'Europe/Amsterdam' }, atK));
    expect(en).toContain('from 7 responses');
    expect((await app.store.rounds.get(roundId))?.status).toBe('open');
    expect(resultsPosts()).toHaveLength(0);

    // One more answer: k + 1, still refused; the round still takes answers.
    const [late] = app.voters(1, 'U0LATE');
    expect((await app.useCases.answerLevel(roundId, late!, 2)).count).toBe(6);
    expect(await refusal()).toMatchObject({ code: 'close_thin_margin', params: { n: 6 } });
    expect((await app.store.rounds.get(roundId))?.status).toBe('open');
    expect(resultsPosts()).toHaveLength(0);
  });

  it('is allowed from k + 2 answers and shows the results', async () => {
    await openWith(7);
    const { result } = await app.useCases.closeRoundNow(app.channel, app.coordinator);
    expect(result).toMatchObject({ shown: true, n: 7 });
    expect(resultsPosts()).toHaveLength(1);
  });

  it('is allowed below k, where only the count is shown', async () => {
    await openWith(4);
    const { result } = await app.useCases.closeRoundNow(app.channel, app.coordinator);
    expect(result).toEqual({ shown: false, n: 4, k: 5 });
  });

  it('goes by the threshold the round opened with, even if the network changed k since', async () => {
    const roundId = await openWith(5, 3);
    await app.setup({ k: 5 });
    expect((await app.store.networks.all())[0]?.settings.k).toBe(5);
    // The round keeps k = 3: five answers are k + 2, so closing is fine.
    const { result } = await app.useCases.closeRoundNow(app.channel, app.coordinator);
    expect(result).toMatchObject({ shown: true, n: 5, k: 3 });
    expect((await app.store.rounds.get(roundId))?.status).toBe('closed');
  });
});

describe('the planned close', () => {
  it('is never held back: the tick closes a round with k answers on time and posts its results', async () => {
    const roundId = await openWith(5);
    expect(await refusal()).toMatchObject({ code: 'close_thin_margin' });
    const closesAt = (await app.store.rounds.get(roundId))!.closesAt;
    app.clock.set(closesAt);
    const report = await tick({ store: app.store, useCases: app.useCases, clock: app.clock, log: app.deps.log, owner: 'p1' });
    expect(report.closed).toBe(1);
    expect(await app.store.rounds.get(roundId)).toMatchObject({ status: 'closed', result: { shown: true, n: 5 } });
    expect(resultsPosts()).toHaveLength(1);
  });

  it('lets a coordinator close a round whose planned time has come, whatever the count', async () => {
    const roundId = await openWith(6);
    app.clock.set((await app.store.rounds.get(roundId))!.closesAt);
    const { result } = await app.useCases.closeRoundNow(app.channel, app.coordinator);
    expect(result).toMatchObject({ shown: true, n: 6 });
  });
});
