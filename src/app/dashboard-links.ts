/**
 * Signed dashboard links: a coordinator's private, bearer-style link to their network's
 * dashboard. The token names the network and the moment it expires, and carries an
 * HMAC-SHA256 over both under a server key that never enters the database, so a link
 * can be neither forged, moved to another network nor extended. Erasing a network
 * revokes every link to it: the network they name no longer exists.
 *
 * Format: `v1.<network id>.<expiry, seconds since 1970 in base 36>.<mac, base64url>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DASHBOARD_PATH = '/dashboard';
/** How long a link works. */
export const DASHBOARD_LINK_TTL_MS = 7 * 24 * 3600_000;

const VERSION = 'v1';
/** Network ids are base64url (src/app/tokens.ts); nothing else may pass. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const EXPIRY = /^[0-9a-z]{1,12}$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;

function mac(key: Uint8Array, networkId: string, expiry: string): Buffer {
  // Domain-separated, so the key could never sign anything else by accident.
  return createHmac('sha256', key).update(`dashboard-link:${VERSION}:${networkId}:${expiry}`).digest();
}

export function signDashboardToken(key: Uint8Array, networkId: string, expiresAt: Date): string {
  if (!ID.test(networkId)) throw new RangeError('network id cannot be put in a link');
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `${VERSION}.${networkId}.${expiry}.${mac(key, networkId, expiry).toString('base64url')}`;
}

/** The network a token grants, or undefined when it is malformed, tampered with or expired. */
export function verifyDashboardToken(key: Uint8Array, token: string, now: Date): { networkId: string; expiresAt: Date } | undefined {
  if (token.length > 200) return undefined;
  const [version, networkId, expiry, signature, ...rest] = token.split('.');
  if (version !== VERSION || rest.length > 0 || !networkId || !expiry || !signature) return undefined;
  if (!ID.test(networkId) || !EXPIRY.test(expiry) || !MAC.test(signature)) return undefined;
  // Compared as text: decoding base64 ignores the unused low bits of the last character,
  // so comparing decoded bytes would accept a changed link.
  const expected = Buffer.from(mac(key, networkId, expiry).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const expiresAt = new Date(parseInt(expiry, 36) * 1000);
  if (!(expiresAt.getTime() > now.getTime())) return undefined;
  return { networkId, expiresAt };
}
