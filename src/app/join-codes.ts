/**
 * Join codes as credentials, and the brake on guessing them.
 *
 * A code is kept only as a slow hash (scrypt, with a fixed salt so a typed code can be
 * looked up): a copy of the archive does not give the codes away, and trying all 2^60 of
 * them against it is out of reach. Typing codes at the bot is slowed down instead: after
 * a few wrong codes within the hour a person — or, a little later, their whole workspace
 * — gets a polite "try again later", even for the right code. What is counted names a
 * person or a workspace by a keyed hash only, with the hour: never a platform id, never
 * the moment.
 */
import { createHash, createHmac, scrypt } from 'node:crypto';
import { DomainError } from '../core/errors.ts';
import { userKey, type UserRef } from '../core/network.ts';
import type { Repositories } from '../core/store-port.ts';
import { deliveryHour, HOUR_MS } from './deliveries.ts';

/** Wrong codes allowed per person, and per workspace, within the current and the previous hour. */
export const PERSON_LIMIT = 5;
export const WORKSPACE_LIMIT = 20;

const SALT = 'partnership-thermometer/join-code/v1';
const SCRYPT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** The stored form of a code (its canonical form, see core/join-code.ts). */
export function hashJoinCode(code: string): Promise<string> {
  return new Promise((resolve, reject) => {
    scrypt(code, SALT, 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key.toString('base64url'))));
  });
}

/** What wrong codes are counted under: the person and their workspace, as keyed hashes. */
export function attemptSubjects(key: Uint8Array | undefined, actor: UserRef): { person: string; workspace: string } {
  const hash = (text: string): string =>
    key ? createHmac('sha256', key).update(text).digest('base64url') : createHash('sha256').update(text).digest('base64url');
  return { person: hash(`join:person:${userKey(actor)}`), workspace: hash(`join:workspace:${actor.platform}:${actor.workspace}`) };
}

export interface JoinLimits {
  /** Throws DomainError('join_rate_limited') while the person or their workspace has had too many wrong codes. */
  assertMayTry(actor: UserRef, now: Date): Promise<void>;
  recordFailure(actor: UserRef, now: Date): Promise<void>;
}

export function joinLimits(store: Pick<Repositories, 'joinAttempts'>, key: Uint8Array | undefined): JoinLimits {
  const windowStart = (now: Date): Date => new Date(deliveryHour(now).getTime() - HOUR_MS);
  return {
    async assertMayTry(actor, now) {
      const { person, workspace } = attemptSubjects(key, actor);
      const since = windowStart(now);
      if ((await store.joinAttempts.failures(person, since)) >= PERSON_LIMIT || (await store.joinAttempts.failures(workspace, since)) >= WORKSPACE_LIMIT) {
        throw new DomainError('join_rate_limited');
      }
    },
    async recordFailure(actor, now) {
      const { person, workspace } = attemptSubjects(key, actor);
      await store.joinAttempts.recordFailure([person, workspace], deliveryHour(now));
      await store.joinAttempts.pruneBefore(windowStart(now));
    },
  };
}
