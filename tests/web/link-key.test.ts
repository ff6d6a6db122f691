/** The dashboard link key: from SECRETS_KEY when set, else a key file beside the database, never in it. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE_NAME, loadLinkKey } from '../../src/web/link-key.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the dashboard link key', () => {
  it('is a random key file beside the database, owner-only, made once and read again after a restart', () => {
    dir = mkdtempSync(join(tmpdir(), 'thermometer-key-'));
    const databasePath = join(dir, 'data', 'thermometer.db');
    const first = loadLinkKey({ secretsKey: undefined, databasePath });
    expect(first.from).toBe('file');
    expect(first.file).toBe(join(dir, 'data', KEY_FILE_NAME));
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first.key).toString('hex')).toBe(readFileSync(first.file!, 'utf8').trim());
    const again = loadLinkKey({ secretsKey: undefined, databasePath });
    expect(Buffer.from(again.key)).toEqual(Buffer.from(first.key));
    // Another installation gets another key.
    const other = loadLinkKey({ secretsKey: undefined, databasePath: join(dir, 'other', 'bot.db') });
    expect(Buffer.from(other.key)).not.toEqual(Buffer.from(first.key));
  });

  it('is derived from SECRETS_KEY when set, the same in every process, and not the secret itself', () => {
    dir = mkdtempSync(join(tmpdir(), 'thermometer-key-'));
    const secretsKey = 'a'.repeat(64);
    const a = loadLinkKey({ secretsKey, databasePath: join(dir, 'a.db') });
    const b = loadLinkKey({ secretsKey, databasePath: join(dir, 'b', 'b.db') });
    expect(a.from).toBe('SECRETS_KEY');
    expect(Buffer.from(a.key)).toEqual(Buffer.from(b.key));
    expect(Buffer.from(a.key).toString('hex')).not.toBe(secretsKey);
    expect(Buffer.from(loadLinkKey({ secretsKey: 'b'.repeat(64), databasePath: join(dir, 'a.db') }).key)).not.toEqual(Buffer.from(a.key));
  });

  it('refuses a damaged key file with a message that says what to do', () => {
    dir = mkdtempSync(join(tmpdir(), 'thermometer-key-'));
    writeFileSync(join(dir, KEY_FILE_NAME), 'not a key');
    expect(() => loadLinkKey({ secretsKey: undefined, databasePath: join(dir, 'bot.db') })).toThrow(/delete it to make a new one/);
  });
});
