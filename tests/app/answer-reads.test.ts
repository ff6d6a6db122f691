/**
 * What one answer click reads: the network's channels and the agreements the round asks
 * about once each, and the live count not at all (it comes back with the recorded
 * answer, counted once per batch) — the count update that follows at once uses them
 * rather than reading them again (on PostgreSQL every read is a round trip). The round
 * is read twice: by the click, and again by the count update, which must see whether it
 * closed in between (tests/app/answers.test.ts). A later, paced update reads afresh, so
 * the channel's count still ends right.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { countText } from '../../src/app/messages/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let app: TestApp;
beforeEach(async () => {
  app = createTestApp();
  await app.setup({ k: 3 });
});
afterEach(async () => {
  await app.cleanup();
});

/** Counts calls of the named methods on `target` from now on. */
function countCalls<T extends object>(target: T, names: readonly (keyof T & string)[]): Record<string, number> {
  const calls: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (const name of names) {
    const original = target[name] as (...args: unknown[]) => unknown;
    (target as Record<string, unknown>)[name] = (...args: unknown[]) => {
      calls[name] = (calls[name] ?? 0) + 1;
      return original.apply(target, args);
    };
  }
  return calls;
}

it('reads the channels and asked agreements once for a first answer and its count update, the count never, the round twice', async () => {
  const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
  await app.settle();
  const rounds = countCalls(app.store.rounds, ['get']);
  const bindings = countCalls(app.store.bindings, ['forNetwork']);
  const agreements = countCalls(app.store.agreements, ['askedIn']);
  const linkage = countCalls(app.linkage, ['count', 'secret']);
  const [voter] = app.voters(1);
  const receipt = await app.useCases.answerLevel(round.id, voter!, 2);
  await app.settle();
  const post = app.slack.posts.at(-1)!;
  expect(post.updates.length).toBe(1);
  expect(JSON.stringify(post.current)).toContain(countText({ content: app.deps.content, lang: 'nl', timeZone: 'Europe/Amsterdam' }, 1));
  expect(receipt.count).toBe(1);
  expect({ ...rounds, ...bindings, ...agreements, ...linkage }).toEqual({ get: 2, forNetwork: 1, askedIn: 1, count: 0, secret: 1 });
});

it('still ends with the right count when answers come faster than the paced updates', async () => {
  const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
  await app.settle();
  const voters = app.voters(4);
  await Promise.all(voters.map((v, i) => app.useCases.answerLevel(round.id, v, ((i % 4) + 1) as 1 | 2 | 3 | 4)));
  const post = app.slack.posts.at(-1)!;
  const four = countText({ content: app.deps.content, lang: 'nl', timeZone: 'Europe/Amsterdam' }, 4);
  const deadline = Date.now() + 5000;
  while (!JSON.stringify(post.current).includes(four) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(JSON.stringify(post.current)).toContain(four);
});
