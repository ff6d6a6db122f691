/**
 * Ids, round secrets and participation tokens. A token is
 * HMAC-SHA256(round secret, "platform:workspace:user"): while the round is open it lets
 * a person find and change their own answer; once the secret is destroyed at close,
 * nobody can compute it again, so the link is gone for good (promise 1).
 */
import { createHmac } from 'node:crypto';
import { userKey, type UserRef } from '../core/network.ts';
import type { Random } from '../core/ports.ts';

export const SECRET_BYTES = 32;
const ID_BYTES = 16;

/** A random id (128 bits, base64url): never sequential, never derived from anything. */
export function newId(random: Random): string {
  return Buffer.from(random.bytes(ID_BYTES)).toString('base64url');
}

export function newSecret(random: Random): Uint8Array {
  return random.bytes(SECRET_BYTES);
}

export function participationToken(secret: Uint8Array, user: UserRef): string {
  return createHmac('sha256', secret).update(userKey(user)).digest('base64url');
}

/** Fisher–Yates with the injected randomness, so tests can seed it. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random.float() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
