/** Signed dashboard links: only an untouched, unexpired token under the same key grants its network. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signDashboardToken, verifyDashboardToken } from '../../src/app/dashboard-links.ts';

const key = fc.uint8Array({ minLength: 32, maxLength: 32 });
const networkId = fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/);
const now = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true });
const ttlSeconds = fc.integer({ min: 2, max: 30 * 86_400 });

describe('dashboard link tokens', () => {
  it('grant their own network until they expire, to the second', () => {
    fc.assert(
      fc.property(key, networkId, now, ttlSeconds, (k, id, at, ttl) => {
        const expiresAt = new Date(Math.floor(at.getTime() / 1000) * 1000 + ttl * 1000);
        const token = signDashboardToken(k, id, expiresAt);
        expect(verifyDashboardToken(k, token, at)).toEqual({ networkId: id, expiresAt });
        expect(verifyDashboardToken(k, token, new Date(expiresAt.getTime() - 1))?.networkId).toBe(id);
        expect(verifyDashboardToken(k, token, expiresAt)).toBeUndefined();
      }),
    );
  });

  it('grant nothing when any one character is changed', () => {
    fc.assert(
      fc.property(key, networkId, now, fc.nat(), fc.constantFrom(...'ABCabc019_-.xyz'), (k, id, at, position, replacement) => {
        const token = signDashboardToken(k, id, new Date(at.getTime() + 86_400_000));
        const i = position % token.length;
        fc.pre(token[i] !== replacement);
        const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
        expect(verifyDashboardToken(k, tampered, at)).toBeUndefined();
      }),
    );
  });

  it('grant nothing when the last character of the signature changes, even to one that decodes to the same bytes', () => {
    const k = new Uint8Array(32).fill(7);
    const at = new Date('2026-03-03T08:00:00Z');
    const token = signDashboardToken(k, 'network-1', new Date(at.getTime() + 86_400_000));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const c of alphabet) {
      if (c === token.at(-1)) continue;
      expect(verifyDashboardToken(k, token.slice(0, -1) + c, at)).toBeUndefined();
    }
  });

  it('grant nothing under another key, or with another network’s signature', () => {
    fc.assert(
      fc.property(key, key, networkId, networkId, now, (k1, k2, id1, id2, at) => {
        fc.pre(Buffer.compare(Buffer.from(k1), Buffer.from(k2)) !== 0 && id1 !== id2);
        const expiresAt = new Date(at.getTime() + 86_400_000);
        const token = signDashboardToken(k1, id1, expiresAt);
        expect(verifyDashboardToken(k2, token, at)).toBeUndefined();
        const [version, , expiry, mac] = token.split('.');
        expect(verifyDashboardToken(k1, [version, id2, expiry, mac].join('.'), at)).toBeUndefined();
      }),
    );
  });

  it('refuse junk without throwing', () => {
    fc.assert(
      fc.property(key, fc.string({ maxLength: 300 }), (k, junk) => {
        expect(verifyDashboardToken(k, junk, new Date())).toBeUndefined();
      }),
    );
  });
});
