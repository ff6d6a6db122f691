/**
 * Sealing what the bot must keep but nobody may read from a copy of its database: the
 * Slack installations' bot tokens. With a key (derived from SECRETS_KEY, which never
 * enters the database) a value is encrypted with AES-256-GCM under a fresh random nonce,
 * bound to where it is stored (`aad`: a row cannot be moved to another installation),
 * and any change to it is detected. Without a key a value is stored as it is, marked so:
 * then whoever can read the database file can read the tokens (README, *Configuration*).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const HKDF_INFO = 'partnership-thermometer/installations/v1';
const SEALED = 'v1.';
const PLAIN = 'plain.';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export type UnsealReason = 'no_key' | 'tampered' | 'unknown_format';

export class UnsealError extends Error {
  override readonly name = 'UnsealError';
  constructor(readonly reason: UnsealReason) {
    super(`cannot open a sealed value: ${reason}`);
  }
}

/** The installations' key, derived from SECRETS_KEY with a label of its own. */
export function deriveInstallationKey(secretsKey: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', Buffer.from(secretsKey, 'utf8'), Buffer.alloc(0), HKDF_INFO, 32));
}

export function seal(key: Uint8Array | undefined, plaintext: string, aad: string): string {
  if (!key) return PLAIN + Buffer.from(plaintext, 'utf8').toString('base64url');
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return SEALED + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}

/** Whether a stored value is encrypted (false: stored as it is). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED);
}

/**
 * The plaintext of a stored value. A value stored without a key opens with or without
 * one (it is sealed on its next save once a key is set); an encrypted one needs the key
 * it was sealed with.
 */
export function unseal(key: Uint8Array | undefined, stored: string, aad: string): string {
  if (stored.startsWith(PLAIN)) return Buffer.from(stored.slice(PLAIN.length), 'base64url').toString('utf8');
  if (!stored.startsWith(SEALED)) throw new UnsealError('unknown_format');
  if (!key) throw new UnsealError('no_key');
  const raw = Buffer.from(stored.slice(SEALED.length), 'base64url');
  if (raw.length < NONCE_BYTES + TAG_BYTES) throw new UnsealError('tampered');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES)).setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new UnsealError('tampered');
  }
}
