/**
 * Slack installations at rest: with a key derived from SECRETS_KEY the archive holds
 * only AES-GCM ciphertext, bound to its installation; without one the token is stored as
 * it is (and sealed once a key is set). A changed row, a row moved to another workspace
 * or another key opens to nothing, with a log line naming SECRETS_KEY.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createUseCases } from '../../src/app/index.ts';
import { deriveInstallationKey } from '../../src/app/secret-box.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const TOKEN = 'xoxb-T0GEMEENTE-1-s3cr3tt0k3n';
const installation = JSON.stringify({ team: { id: 'T0GEMEENTE', name: 'Gemeente' }, bot: { token: TOKEN, userId: 'U0BOT', id: 'B0BOT' } });
const archiveBytes = (): string => readFileSync(app.db.path).toString('latin1') + readFileSync(`${app.db.path}-wal`).toString('latin1');

describe('installations at rest', () => {
  it('are encrypted with a key from SECRETS_KEY, and open again only unchanged, in their own place, with that key', async () => {
    const key = deriveInstallationKey('k'.repeat(64));
    app = createTestApp({ deps: { installationKey: key } });
    await app.useCases.saveInstallation('slack', 'team:T0GEMEENTE', installation);
    const stored = (await app.store.installations.find('slack', 'team:T0GEMEENTE'))!.sealed;
    expect(stored.startsWith('v1.')).toBe(true);
    expect(stored).not.toContain('s3cr3t');
    expect(archiveBytes()).not.toContain('s3cr3tt0k3n');
    expect(await app.useCases.installation('slack', 'team:T0GEMEENTE')).toBe(installation);

    // One character changed: refused, not decrypted to something else.
    const flipped = stored.slice(0, -3) + (stored.at(-3) === 'A' ? 'B' : 'A') + stored.slice(-2);
    await app.store.installations.save({ platform: 'slack', key: 'team:T0GEMEENTE', sealed: flipped });
    expect(await app.useCases.installation('slack', 'team:T0GEMEENTE')).toBeUndefined();
    expect(app.logs.some((l) => l.level === 'error' && l.msg.includes('SECRETS_KEY'))).toBe(true);
    // Copied to another workspace's row: bound to where it was stored, so refused.
    await app.store.installations.save({ platform: 'slack', key: 'team:T0ANDER', sealed: stored });
    expect(await app.useCases.installation('slack', 'team:T0ANDER')).toBeUndefined();
    // Under another SECRETS_KEY, or none, it does not open.
    await app.store.installations.save({ platform: 'slack', key: 'team:T0GEMEENTE', sealed: stored });
    const otherKey = createUseCases({ ...app.deps, installationKey: deriveInstallationKey('o'.repeat(64)) });
    expect(await otherKey.installation('slack', 'team:T0GEMEENTE')).toBeUndefined();
    const noKey = createUseCases({ ...app.deps, installationKey: undefined });
    expect(await noKey.installation('slack', 'team:T0GEMEENTE')).toBeUndefined();
  });

  it('are stored as they are without SECRETS_KEY, and sealed as soon as one is set', async () => {
    app = createTestApp();
    await app.useCases.saveInstallation('slack', 'team:T0GEMEENTE', installation);
    expect((await app.store.installations.find('slack', 'team:T0GEMEENTE'))!.sealed.startsWith('plain.')).toBe(true);
    expect(await app.useCases.installation('slack', 'team:T0GEMEENTE')).toBe(installation);
    const keyed = createUseCases({ ...app.deps, installationKey: deriveInstallationKey('k'.repeat(64)) });
    expect(await keyed.installation('slack', 'team:T0GEMEENTE')).toBe(installation);
    expect((await app.store.installations.find('slack', 'team:T0GEMEENTE'))!.sealed.startsWith('v1.')).toBe(true);
    expect(await keyed.removeInstallation('slack', 'team:T0GEMEENTE')).toBe(true);
    expect(await keyed.installation('slack', 'team:T0GEMEENTE')).toBeUndefined();
  });
});
