/**
 * Ids, round secrets and participation tokens. A token is
 * HMAC-SHA256(round secret, "platform:workspace:user"): while the round is open it lets
 * a person find and change their own answer; the secret lives only in the linkage store,
 * and once it is destroyed at close nobody can compute a token again, so the link is
 * gone for good (promise 1).
 */
import { createHmac } from 'node:crypto';
import type { Answer } from '../core/answer.ts';
import { userKey, type UserRef } from '../core/network.ts';
import type { Random } from '../core/ports.ts';
import { shuffle } from '../core/shuffle.ts';
import type { StoredAnswer } from '../core/store-port.ts';

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

/** The answers of a closing round in a new random order, each under a new random id. */
export function rewriteForClose(answers: readonly Answer[], random: Random): StoredAnswer[] {
  return shuffle(answers, () => random.float()).map((answer) => ({ id: newId(random), answer }));
}
