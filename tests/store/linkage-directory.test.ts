/**
 * Where the linkage lives: its own directory (default `linkage/` next to the archive, or
 * the configured path), readable by the bot's user only, and tied to one archive, so two
 * databases pointed at one directory cannot sweep away each other's open rounds.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openStores, type Stores } from '../../src/store/index.ts';
import { newSecret } from '../../src/app/tokens.ts';
import { seededRandom } from '../helpers/random.ts';

let dir: string;
const opened: Stores[] = [];
afterEach(async () => {
  for (const stores of opened.splice(0)) await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = (path: string, linkagePath?: string): Stores => {
  const stores = openStores(path, linkagePath ? { linkagePath } : {});
  opened.push(stores);
  return stores;
};

it('keeps the linkage in the configured directory, readable by the bot only', async () => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-linkage-dir-'));
  const configured = join(dir, 'elsewhere', 'linkage');
  const { linkage, linkagePath } = open(join(dir, 'data', 'archive.db'), configured);
  expect(linkagePath).toBe(configured);
  await linkage.create('round1', newSecret(seededRandom(1)));
  expect(readdirSync(configured).sort()).toEqual(['ARCHIVE', 'round1.round', 'round1.round-shm', 'round1.round-wal']);
  expect(statSync(configured).mode & 0o077).toBe(0);
  expect(statSync(join(configured, 'round1.round')).mode & 0o077).toBe(0);
  expect(readdirSync(join(dir, 'data')).filter((f) => f.includes('round1'))).toEqual([]);
});

it('refuses a linkage directory that belongs to another database', () => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-linkage-dir-'));
  const shared = join(dir, 'shared-linkage');
  open(join(dir, 'one.db'), shared);
  expect(() => open(join(dir, 'two.db'), shared)).toThrow(/belongs to another database/);
  // The same database opened again (a second process, a restart) is welcome.
  expect(() => open(join(dir, 'one.db'), shared)).not.toThrow();
});

it('gives an in-memory archive a temporary linkage directory that goes with it', async () => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-linkage-dir-'));
  const stores = openStores(':memory:');
  await stores.linkage.create('round1', newSecret(seededRandom(2)));
  expect(readdirSync(stores.linkagePath)).toContain('round1.round');
  await stores.close();
  expect(() => statSync(stores.linkagePath)).toThrow();
});

it('makes a round file again when a crash left one that never became linkage', async () => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-linkage-dir-'));
  const linkagePath = join(dir, 'linkage');
  const { linkage } = open(join(dir, 'archive.db'), linkagePath);
  // Half a file: the name made it to disk, the contents did not.
  writeFileSync(join(linkagePath, 'round1.round'), Buffer.from('SQLite format 3\0 torn'));
  expect(await linkage.secret('round1')).toBeUndefined();
  await expect(linkage.put('round1', 'tok', { kind: 'level', level: 2 })).rejects.toMatchObject({ code: 'round_not_open' });
  const secret = newSecret(seededRandom(3));
  expect(Buffer.from(await linkage.create('round1', secret))).toEqual(Buffer.from(secret));
  expect((await linkage.put('round1', 'tok', { kind: 'level', level: 2 })).created).toBe(true);
});
