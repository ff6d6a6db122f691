/**
 * A results post the platform refuses for its size is sent once more, in the reduced
 * form its builder made, and recorded as posted; only when that is refused too is the
 * post given up — loudly, in the log — and never sent a third time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.cleanup();
});

async function closedWithComments(failures: number) {
  const app = createTestApp();
  apps.push(app);
  await app.setup({ k: 5 });
  const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
  for (const [i, voter] of app.voters(7).entries()) await app.useCases.submitAnswerForm(round.id, voter, { level: String(1 + (i % 3)), comment: `Opmerking ${i}` });
  app.slack.failNextPosts(failures, 'too_large');
  await app.useCases.closeRoundNow(app.channel, app.coordinator);
  return { app, round };
}

describe('a post refused for its size', () => {
  it('is sent once more in its reduced form, and recorded as posted', async () => {
    const { app, round } = await closedWithComments(1);
    const results = app.slack.posts.at(-1)!;
    expect(app.slack.allText(results.message)).toContain('Deze uitkomst was te lang voor één bericht.');
    // All comments still travel with it: none in the post itself, all in the thread.
    expect(results.message.list?.maxInPost).toBe(0);
    expect(results.message.list?.items).toHaveLength(7);
    expect((await app.store.posts.forRound(round.id, 'results')).map((p) => p.state)).toEqual(['posted']);
  });

  it('is given up, with an error in the log, when the reduced form is refused too — and not sent again', async () => {
    const { app, round } = await closedWithComments(2);
    expect(app.slack.posts.filter((p) => p.message.text.startsWith('Uitkomst'))).toHaveLength(0);
    expect((await app.store.posts.forRound(round.id, 'results')).map((p) => p.state)).toEqual(['failed']);
    expect(app.logs.some((l) => l.level === 'error' && l.msg.includes('refused for its size'))).toBe(true);
    await app.useCases.closeRound(round.id);
    expect(app.slack.posts.filter((p) => p.message.text.startsWith('Uitkomst'))).toHaveLength(0);
  });
});
