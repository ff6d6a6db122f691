/**
 * The participation token and the rewrite at close (promise 1). A token must depend on
 * the round secret — without it, anyone who knows a user id could compute it — and on
 * platform, workspace and user together, so the same id elsewhere is someone else. At
 * close the answers must really change order, and every id must be new and random.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId, newSecret, participationToken, rewriteForClose, SECRET_BYTES } from '../../src/app/tokens.ts';
import type { Answer } from '../../src/core/answer.ts';
import type { UserRef } from '../../src/core/network.ts';
import type { Random } from '../../src/core/ports.ts';
import { seededRandom } from '../helpers/random.ts';
import { rankCorrelation } from '../helpers/bytes.ts';

const jan: UserRef = { platform: 'slack', workspace: 'T0WORKSPACE', user: 'U0JAN' };
const secretOf = (byte: number) => new Uint8Array(SECRET_BYTES).fill(byte);

/** A Random that counts: bytes are 0, 1, 2, … in turn; float is fixed. */
function countingRandom(float: number): Random & { asked: number[] } {
  let next = 0;
  const asked: number[] = [];
  return {
    asked,
    bytes: (n) => {
      asked.push(n);
      return Uint8Array.from({ length: n }, () => next++ % 256);
    },
    float: () => float,
  };
}

describe('participationToken', () => {
  it('is HMAC-SHA256 of "platform:workspace:user" under the round secret, in base64url', () => {
    const secret = secretOf(7);
    const expected = createHmac('sha256', secret).update('slack:T0WORKSPACE:U0JAN').digest('base64url');
    expect(participationToken(secret, jan)).toBe(expected);
    expect(participationToken(secret, jan)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('changes with the secret: without it nobody can compute a token from a user id', () => {
    expect(participationToken(secretOf(1), jan)).not.toBe(participationToken(secretOf(2), jan));
    expect(participationToken(secretOf(1), jan)).not.toBe(Buffer.from('slack:T0WORKSPACE:U0JAN').toString('base64url'));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.uint8Array({ minLength: 1, maxLength: 64 }), (a, b) => {
        fc.pre(!Buffer.from(a).equals(Buffer.from(b)));
        expect(participationToken(a, jan)).not.toBe(participationToken(b, jan));
      }),
    );
  });

  it('changes with the platform, the workspace and the user, and not with the display name', () => {
    const secret = secretOf(3);
    const token = participationToken(secret, jan);
    expect(participationToken(secret, { ...jan, platform: 'teams' })).not.toBe(token);
    expect(participationToken(secret, { ...jan, workspace: 'T0OTHER' })).not.toBe(token);
    expect(participationToken(secret, { ...jan, user: 'U0PIET' })).not.toBe(token);
    expect(participationToken(secret, { ...jan, name: 'Jan de Vries' })).toBe(token);
    // The parts are joined with a separator: "ab" + "c" is not "a" + "bc".
    expect(participationToken(secret, { platform: 'slack', workspace: 'T1', user: 'U23' })).not.toBe(participationToken(secret, { platform: 'slack', workspace: 'T12', user: 'U3' }));
  });
});

describe('ids and secrets', () => {
  it('take 128 random bits for an id and 256 for a secret, straight from the random source', () => {
    const random = countingRandom(0);
    expect(newId(random)).toBe(Buffer.from(Array.from({ length: 16 }, (_, i) => i)).toString('base64url'));
    expect(Array.from(newSecret(random))).toEqual(Array.from({ length: 32 }, (_, i) => 16 + i));
    expect(random.asked).toEqual([16, 32]);
  });

  it('are never sequential', () => {
    const random = seededRandom(4);
    const ids = Array.from({ length: 200 }, () => newId(random));
    expect(new Set(ids).size).toBe(200);
    expect(Math.abs(rankCorrelation(ids, [...ids].sort()))).toBeLessThan(0.3);
  });
});

describe('rewriteForClose', () => {
  const answers = (n: number): Answer[] => Array.from({ length: n }, (_, i) => ({ level: 1, ratings: {}, comment: `c${i}` }));

  it('puts the answers in the shuffled order, each under a new id taken after the shuffle', () => {
    // float() = 0 always swaps with the first position: c0 c1 c2 c3 → c1 c2 c3 c0.
    const random = countingRandom(0);
    const out = rewriteForClose(answers(4), random);
    expect(out.map((a) => a.answer.comment)).toEqual(['c1', 'c2', 'c3', 'c0']);
    expect(out.map((a) => a.id)).toEqual([0, 1, 2, 3].map((k) => Buffer.from(Array.from({ length: 16 }, (_, i) => k * 16 + i)).toString('base64url')));
  });

  it('really reorders: the stored order does not follow the order answers came in', () => {
    const random = seededRandom(5);
    const correlations = Array.from({ length: 20 }, () => {
      const given = answers(60);
      const out = rewriteForClose(given, random);
      expect(out.map((a) => a.answer).sort((a, b) => (a.comment ?? '').localeCompare(b.comment ?? ''))).toEqual([...given].sort((a, b) => (a.comment ?? '').localeCompare(b.comment ?? '')));
      return rankCorrelation(
        given.map((a) => a.comment),
        out.map((a) => a.answer.comment),
      );
    });
    // Kept in order the correlation would be exactly 1; shuffled it scatters around 0 (sd ≈ 0.13).
    for (const rho of correlations) expect(Math.abs(rho)).toBeLessThan(0.5);
    expect(Math.abs(correlations.reduce((s, x) => s + x, 0) / correlations.length)).toBeLessThan(0.15);
  });
});
