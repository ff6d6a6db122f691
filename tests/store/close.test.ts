/**
 * The close procedure across the two stores (promises 1 and 2): the round secret and
 * the tokens never reach the archive, and after close they are gone from the linkage
 * directory too; answers survive unchanged under new ids; their stored order carries
 * nothing of the order they came in.
 */
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { newSecret, participationToken, rewriteForClose } from '../../src/app/tokens.ts';
import type { Answer } from '../../src/core/answer.ts';
import type { LinkageStore } from '../../src/core/linkage-port.ts';
import type { Random } from '../../src/core/ports.ts';
import type { StoredAnswer, Store } from '../../src/core/store-port.ts';
import { aNetwork, aRound } from '../helpers/builders.ts';
import { findInDatabase, findInDirectory, rankCorrelation } from '../helpers/bytes.ts';
import { seededRandom } from '../helpers/random.ts';
import { tempDb, type TempDb } from '../helpers/temp-db.ts';

let db: TempDb;
afterEach(() => db?.cleanup());

const users = (n: number) => Array.from({ length: n }, (_, i) => ({ platform: 'slack' as const, workspace: 'T0WORKSPACE', user: `U0VOTER${String(i).padStart(4, '0')}` }));

/** Opens a round and records one answer per user, in order; the comment names the position. */
async function openRoundWithAnswers(store: Store, linkage: LinkageStore, random: Random, n: number) {
  const network = aNetwork();
  await store.networks.create(network);
  const round = aRound(network.id);
  await store.rounds.create(round);
  const secret = await linkage.create(round.id, newSecret(random));
  await store.rounds.open(round.id, new Date('2026-03-03T08:00:00Z'));
  const given: Answer[] = [];
  const tokens: string[] = [];
  for (const [i, user] of users(n).entries()) {
    const token = participationToken(secret, user);
    const answer: Answer = { level: ((i % 4) + 1) as 1 | 2 | 3 | 4, ratings: {}, comment: `opmerking-${String(i).padStart(4, '0')}` };
    await linkage.put(round.id, token, { kind: 'form', answer });
    given.push(answer);
    tokens.push(token);
  }
  return { network, round, secret, given, tokens };
}

/** What the close use case does with the stores: seal, finalize with new ids, destroy. */
async function close(store: Store, linkage: LinkageStore, random: Random, roundId: string): Promise<StoredAnswer[]> {
  const answers = (await linkage.seal(roundId)) ?? [];
  const rewritten = rewriteForClose(answers, random);
  const closed = await store.transaction((tx) => tx.rounds.finalize(roundId, { closedAt: new Date('2026-03-10T08:00:00Z'), result: { shown: false, n: answers.length, k: 5 }, promptId: null, answers: rewritten }));
  expect(closed).toBe(true);
  await linkage.destroy(roundId);
  expect(await store.checkpoint()).toBe(true);
  return rewritten;
}

describe('closing a round across the archive and the linkage store', () => {
  it('keeps the secret and tokens out of the archive, and leaves none of them anywhere after close', async () => {
    db = tempDb();
    const { store, linkage } = db.openBoth();
    const random = seededRandom(7);
    const { round, secret, tokens } = await openRoundWithAnswers(store, linkage, random, 150);
    expect(await store.checkpoint()).toBe(true);
    // The scans work: while open, the linkage directory holds them, the archive never.
    expect(findInDirectory(db.linkagePath, [tokens[0]!, secret, 'opmerking-0001'])).toHaveLength(3);
    expect(findInDatabase(db.path, [...tokens, secret, 'opmerking-0001'])).toEqual([]);

    const rewritten = await close(store, linkage, random, round.id);

    expect(findInDatabase(db.path, [...tokens, secret])).toEqual([]);
    expect(findInDirectory(db.linkagePath, [...tokens, secret, 'opmerking-0001'])).toEqual([]);
    expect(readdirSync(db.linkagePath).filter((f) => f.includes(round.id))).toEqual([]);
    expect(await linkage.secret(round.id)).toBeUndefined();
    expect((await store.rounds.get(round.id))?.status).toBe('closed');
    // The answers themselves are in the archive now, under their new ids.
    expect(findInDatabase(db.path, [rewritten[0]!.id, 'opmerking-0001'])).toHaveLength(2);
  });

  it('keeps every answer, each under a new random id', async () => {
    db = tempDb();
    const { store, linkage } = db.openBoth();
    const random = seededRandom(8);
    const { round, given } = await openRoundWithAnswers(store, linkage, random, 40);
    const rewritten = await close(store, linkage, random, round.id);
    const after = await store.answers.forRound(round.id);
    expect(after.map((a) => a.answer.comment).sort()).toEqual(given.map((a) => a.comment).sort());
    expect(after.map((a) => a.id).sort()).toEqual(rewritten.map((a) => a.id).sort());
    const ids = after.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Number.isFinite(Number(id))).toBe(false);
    }
  });

  it('stores answers in an order that does not follow the order they were given', async () => {
    db = tempDb();
    const { store, linkage } = db.openBoth();
    const random = seededRandom(9);
    const correlations: number[] = [];
    for (let r = 0; r < 20; r += 1) {
      const { round, given } = await openRoundWithAnswers(store, linkage, random, 60);
      await close(store, linkage, random, round.id);
      const stored = (await store.answers.forRound(round.id)).map((a) => a.answer.comment);
      correlations.push(rankCorrelation(given.map((a) => a.comment), stored));
    }
    // Null distribution of Spearman's rho for n = 60 has sd ≈ 0.13.
    for (const rho of correlations) expect(Math.abs(rho)).toBeLessThan(0.5);
    const mean = correlations.reduce((s, x) => s + x, 0) / correlations.length;
    expect(Math.abs(mean)).toBeLessThan(0.15);
  });

  it('gives answers at close ids that do not follow the order they are stored in', async () => {
    db = tempDb();
    const { store, linkage } = db.openBoth();
    const random = seededRandom(10);
    const { round } = await openRoundWithAnswers(store, linkage, random, 100);
    const ids = (await close(store, linkage, random, round.id)).map((a) => a.id);
    const byId = [...ids].sort();
    expect(Math.abs(rankCorrelation(ids, byId))).toBeLessThan(0.35);
  });

  it('refuses to close a round that is not open, and changes nothing', async () => {
    db = tempDb();
    const { store, linkage } = db.openBoth();
    const random = seededRandom(11);
    const { round } = await openRoundWithAnswers(store, linkage, random, 5);
    await close(store, linkage, random, round.id);
    const before = await store.answers.forRound(round.id);
    expect(await store.rounds.finalize(round.id, { closedAt: new Date(), result: { shown: false, n: 0, k: 5 }, promptId: null, answers: [{ id: 'x', answer: { level: 1, ratings: {} } }] })).toBe(false);
    expect(await store.answers.forRound(round.id)).toEqual(before);
  });
});
