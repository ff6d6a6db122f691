/**
 * Promise 1 end to end: the archive never holds a participation token or a round secret;
 * after a round closes through the use cases nothing anywhere — archive or linkage
 * directory — can link an answer to a person, and the answers are stored in an order
 * unrelated to their arrival.
 */
import { afterEach, expect, it } from 'vitest';
import { participationToken } from '../../src/app/tokens.ts';
import type { Level } from '../../src/core/scale.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { findInDatabase, findInDirectory, rankCorrelation } from '../helpers/bytes.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

it('leaves no user id, token or round secret in the database after close', async () => {
  app = createTestApp({ seed: 3 });
  await app.setup({ commentsEnabled: true });
  const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
  const secret = (await app.linkage.secret(round.id))!;
  expect(secret).toBeDefined();
  const voters = app.voters(40, 'U0SECRETVOTER');
  const tokens = voters.map((v) => participationToken(secret, v));
  for (const [i, voter] of voters.entries()) {
    await app.useCases.answerLevel(round.id, voter, ((i % 4) + 1) as Level);
    if (i % 5 === 0) await app.useCases.submitAnswerForm(round.id, voter, { level: '2', comment: `opmerking ${i}` });
    if (i % 7 === 0) await app.useCases.answerLevel(round.id, voter, 3);
  }
  await app.useCases.withdraw(round.id, voters[1]!);
  await app.store.checkpoint();
  // The scan can see what is there: while open, tokens and the secret are in the linkage
  // directory, and never in the archive.
  expect(findInDirectory(app.db.linkagePath, [tokens[0]!, secret])).toHaveLength(2);
  expect(findInDatabase(app.db.path, [...tokens, secret, 'opmerking 5'])).toEqual([]);

  await app.useCases.closeRoundNow(app.channel, app.coordinator);

  const needles = [...voters.map((v) => v.user), ...tokens, secret];
  expect(findInDatabase(app.db.path, needles)).toEqual([]);
  expect(findInDirectory(app.db.linkagePath, [...needles, 'opmerking'])).toEqual([]);
  // Nor in any log line.
  const logged = JSON.stringify(app.logs);
  for (const v of voters) expect(logged).not.toContain(v.user);
  for (const token of tokens) expect(logged).not.toContain(token);
  expect(logged).not.toContain('opmerking');
});

it('stores the answers of closed rounds in an order unrelated to the order they came in', async () => {
  app = createTestApp({ seed: 4 });
  await app.setup({ commentsEnabled: true, k: 3 });
  const correlations: number[] = [];
  for (let r = 0; r < 6; r += 1) {
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    const voters = app.voters(30, `U0R${r}V`);
    const given: string[] = [];
    for (const [i, voter] of voters.entries()) {
      const comment = `r${r}-a${String(i).padStart(2, '0')}`;
      await app.useCases.submitAnswerForm(round.id, voter, { level: String((i % 4) + 1), comment });
      given.push(comment);
    }
    await app.useCases.closeRoundNow(app.channel, app.coordinator);
    app.clock.advanceDays(1);
    const stored = (await app.store.answers.forRound(round.id)).map((a) => a.answer.comment ?? '');
    expect(stored.sort()).toEqual([...given].sort());
    correlations.push(rankCorrelation(given, (await app.store.answers.forRound(round.id)).map((a) => a.answer.comment ?? '')));
  }
  // Spearman's rho for n = 30 under no correlation has sd ≈ 0.19.
  for (const rho of correlations) expect(Math.abs(rho)).toBeLessThan(0.6);
  expect(Math.abs(correlations.reduce((s, x) => s + x, 0) / correlations.length)).toBeLessThan(0.25);
});
