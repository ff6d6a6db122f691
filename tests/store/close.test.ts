/**
 * The close procedure at the store level (promise 1 and 2): tokens, the round secret
 * and the old answer ids leave no bytes in the file; answers survive unchanged with new
 * ids; their stored order carries nothing of the order they came in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredAnswer, Store } from '../../src/core/store-port.ts';
import { newId, newSecret, participationToken, rewriteForClose } from '../../src/app/tokens.ts';
import type { Random } from '../../src/core/ports.ts';
import { aNetwork, aRound } from '../helpers/builders.ts';
import { findInDatabase, rankCorrelation } from '../helpers/bytes.ts';
import { seededRandom } from '../helpers/random.ts';
import { tempDb, type TempDb } from '../helpers/temp-db.ts';

let db: TempDb;
afterEach(() => db?.cleanup());

const users = (n: number) => Array.from({ length: n }, (_, i) => ({ platform: 'slack' as const, workspace: 'T0WORKSPACE', user: `U0VOTER${String(i).padStart(4, '0')}` }));

/** Opens a round and records one answer per user, in order; the comment names the position. */
function openRoundWithAnswers(store: Store, random: Random, n: number) {
  const network = aNetwork();
  store.networks.create(network);
  const round = aRound(network.id);
  store.rounds.create(round);
  const secret = newSecret(random);
  store.rounds.open(round.id, new Date('2026-03-03T08:00:00Z'), secret);
  const given: StoredAnswer[] = [];
  const tokens: string[] = [];
  users(n).forEach((user, i) => {
    const token = participationToken(secret, user);
    const answer: StoredAnswer = { id: newId(random), answer: { level: ((i % 4) + 1) as 1 | 2 | 3 | 4, ratings: {}, comment: `opmerking-${String(i).padStart(4, '0')}` } };
    store.answers.insert(round.id, token, answer);
    given.push(answer);
    tokens.push(token);
  });
  return { network, round, secret, given, tokens };
}

function close(store: Store, random: Random, roundId: string): StoredAnswer[] {
  const answers = store.answers.forRound(roundId);
  const rewritten = rewriteForClose(answers, random);
  expect(store.rounds.finalize(roundId, { closedAt: new Date('2026-03-10T08:00:00Z'), result: { shown: false, n: answers.length, k: 5 }, promptId: null, answers: rewritten })).toBe(true);
  store.checkpoint();
  return rewritten;
}

describe('closing a round in the store', () => {
  it('leaves no token, secret or old answer id anywhere in the database files', () => {
    db = tempDb();
    const store = db.open();
    const random = seededRandom(7);
    const { round, secret, given, tokens } = openRoundWithAnswers(store, random, 150);
    store.checkpoint();
    // The scan works: before close the links are in the file.
    expect(findInDatabase(db.path, [tokens[0]!, secret, given[0]!.id]).length).toBe(3);

    close(store, random, round.id);

    expect(findInDatabase(db.path, [...tokens, secret, ...given.map((a) => a.id)])).toEqual([]);
    expect(store.rounds.secret(round.id)).toBeUndefined();
    expect(store.answers.byToken(round.id, tokens[3]!)).toBeUndefined();
    expect(store.rounds.get(round.id)?.status).toBe('closed');
  });

  it('keeps every answer, each under a new random id', () => {
    db = tempDb();
    const store = db.open();
    const random = seededRandom(8);
    const { round, given } = openRoundWithAnswers(store, random, 40);
    close(store, random, round.id);
    const after = store.answers.forRound(round.id);
    expect(after.map((a) => a.answer.comment).sort()).toEqual(given.map((a) => a.answer.comment).sort());
    const before = new Set(given.map((a) => a.id));
    for (const a of after) expect(before.has(a.id)).toBe(false);
  });

  it('stores answers in an order that does not follow the order they were given', () => {
    db = tempDb();
    const store = db.open();
    const random = seededRandom(9);
    const correlations: number[] = [];
    for (let r = 0; r < 20; r += 1) {
      const { round, given } = openRoundWithAnswers(store, random, 60);
      close(store, random, round.id);
      const stored = store.answers.forRound(round.id).map((a) => a.answer.comment);
      correlations.push(rankCorrelation(given.map((a) => a.answer.comment), stored));
    }
    // Null distribution of Spearman's rho for n = 60 has sd ≈ 0.13.
    for (const rho of correlations) expect(Math.abs(rho)).toBeLessThan(0.5);
    const mean = correlations.reduce((s, x) => s + x, 0) / correlations.length;
    expect(Math.abs(mean)).toBeLessThan(0.15);
  });

  it('gives answers random ids that do not follow the order answers came in', () => {
    db = tempDb();
    const store = db.open();
    const random = seededRandom(10);
    const { given } = openRoundWithAnswers(store, random, 100);
    const ids = given.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Number.isFinite(Number(id))).toBe(false);
    }
    const byId = [...ids].sort();
    expect(Math.abs(rankCorrelation(ids, byId))).toBeLessThan(0.35);
  });

  it('refuses to close a round that is not open, and changes nothing', () => {
    db = tempDb();
    const store = db.open();
    const random = seededRandom(11);
    const { round } = openRoundWithAnswers(store, random, 5);
    close(store, random, round.id);
    const before = store.answers.forRound(round.id);
    expect(store.rounds.finalize(round.id, { closedAt: new Date(), result: { shown: false, n: 0, k: 5 }, promptId: null, answers: [] })).toBe(false);
    expect(store.answers.forRound(round.id)).toEqual(before);
  });
});

describe('answers while a round is open', () => {
  it('replaces and withdraws through the token only', () => {
    db = tempDb();
    const store = db.open();
    const random = seededRandom(12);
    const { round, tokens } = openRoundWithAnswers(store, random, 3);
    const mine = store.answers.byToken(round.id, tokens[1]!);
    expect(mine).toBeDefined();
    store.answers.replace(mine!.id, { level: 4, ratings: {} });
    expect(store.answers.byToken(round.id, tokens[1]!)?.answer.level).toBe(4);
    expect(store.answers.count(round.id)).toBe(3);
    expect(store.answers.withdraw(round.id, tokens[1]!)).toBe(true);
    expect(store.answers.withdraw(round.id, tokens[1]!)).toBe(false);
    expect(store.answers.count(round.id)).toBe(2);
    expect(store.answers.hasToken(round.id, tokens[1]!)).toBe(false);
    expect(store.answers.hasToken(round.id, tokens[0]!)).toBe(true);
  });

  it('allows one token per round: a second insert for the same person fails and changes nothing', () => {
    db = tempDb();
    const store = db.open();
    const random = seededRandom(13);
    const { round, tokens } = openRoundWithAnswers(store, random, 2);
    expect(() => store.answers.insert(round.id, tokens[0]!, { id: newId(random), answer: { level: 1, ratings: {} } })).toThrow();
    expect(store.answers.count(round.id)).toBe(2);
  });
});
