/**
 * The key that signs dashboard links. It must never be in the database: whoever has a
 * backup of the archive must not be able to mint a link. So it comes from
 *
 *  1. `SECRETS_KEY` when set — derived with HKDF-SHA256 and a label of its own, so the
 *     same secret can serve other purposes without the keys ever coinciding; several
 *     bot processes behind a load balancer share it and accept each other's links;
 *  2. otherwise a random 256-bit key in a file beside the database
 *     (`<data dir>/dashboard-link.key`, owner-only), created on first start. A single
 *     process needs no configuration, and deleting the file revokes every link.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const KEY_FILE_NAME = 'dashboard-link.key';
const KEY_BYTES = 32;
const HKDF_INFO = 'partnership-thermometer/dashboard-links/v1';

export interface LinkKeySource {
  secretsKey: string | undefined;
  /** The SQLite file; the key file lives in the same folder. */
  databasePath: string;
}

export function deriveLinkKey(secretsKey: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', Buffer.from(secretsKey, 'utf8'), Buffer.alloc(0), HKDF_INFO, KEY_BYTES));
}

export function loadLinkKey(source: LinkKeySource): { key: Uint8Array; from: 'SECRETS_KEY' | 'file'; file?: string } {
  if (source.secretsKey) return { key: deriveLinkKey(source.secretsKey), from: 'SECRETS_KEY' };
  const dir = source.databasePath === ':memory:' ? undefined : dirname(source.databasePath);
  if (!dir) return { key: new Uint8Array(randomBytes(KEY_BYTES)), from: 'file' };
  const file = join(dir, KEY_FILE_NAME);
  mkdirSync(dir, { recursive: true });
  try {
    // `wx`: two processes starting at once cannot both write a key; the loser reads.
    writeFileSync(file, randomBytes(KEY_BYTES).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${file} is not a dashboard link key (64 hex digits); delete it to make a new one`);
  chmodSync(file, 0o600);
  return { key: new Uint8Array(Buffer.from(hex, 'hex')), from: 'file', file };
}
