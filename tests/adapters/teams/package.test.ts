import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTeamsPackage, checkManifest, packageInputFromEnv, PackageError } from '../../../scripts/package-teams.ts';

const APP_ID = '9b1c4f3e-5a2d-4e7f-8c6b-0d1e2f3a4b5c';
const env = { TEAMS_APP_ID: APP_ID, PUBLIC_BASE_URL: 'https://thermometer.example.org/' };

interface Png {
  width: number;
  height: number;
  colorType: number;
  pixel(x: number, y: number): [number, number, number, number];
}

/** Decodes the 8-bit RGBA, unfiltered PNGs the icon script writes. */
function decodePng(data: Buffer): Png {
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  const colorType = data[25]!;
  const idat: Buffer[] = [];
  for (let i = 8; i < data.length; ) {
    const length = data.readUInt32BE(i);
    if (data.toString('ascii', i + 4, i + 8) === 'IDAT') idat.push(data.subarray(i + 8, i + 8 + length));
    i += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return {
    width,
    height,
    colorType,
    pixel: (x, y) => {
      const at = y * (width * 4 + 1) + 1 + x * 4;
      return [raw[at]!, raw[at + 1]!, raw[at + 2]!, raw[at + 3]!];
    },
  };
}

describe('Teams app package', () => {
  const input = packageInputFromEnv(env, '0.1.0');
  const { zip, manifest } = buildTeamsPackage(input);
  const entries = new AdmZip(zip).getEntries();
  const file = (name: string): Buffer => entries.find((e) => e.entryName === name)!.getData();

  it('holds the manifest, its localization and both icons at the root', () => {
    expect(entries.map((e) => e.entryName).sort()).toEqual(['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
  });

  it('fills the app id and the domain and passes the required-field checks', () => {
    const packaged = JSON.parse(file('manifest.json').toString('utf8')) as Record<string, unknown>;
    expect(packaged).toEqual(manifest);
    expect(packaged).toMatchObject({
      $schema: 'https://developer.microsoft.com/json-schemas/teams/v1.25/MicrosoftTeams.schema.json',
      manifestVersion: '1.25',
      version: '0.1.0',
      id: APP_ID,
      developer: {
        name: 'Partnership Thermometer',
        websiteUrl: 'https://thermometer.example.org',
        privacyUrl: 'https://thermometer.example.org/privacy',
        termsOfUseUrl: 'https://thermometer.example.org/terms',
      },
      icons: { color: 'color.png', outline: 'outline.png' },
      name: { short: 'Thermometer' },
      accentColor: '#2B6F77',
      bots: [{ botId: APP_ID, scopes: ['team', 'groupChat', 'personal'], isNotificationOnly: false }],
      validDomains: ['thermometer.example.org'],
    });
    expect(checkManifest(packaged, entries.map((e) => e.entryName))).toEqual([]);
    expect(JSON.stringify(packaged)).not.toContain('${{');
  });

  it('declares tier1 channel features so the bot can be added to shared channels, and the check insists on it', () => {
    expect(manifest.supportsChannelFeatures).toBe('tier1');
    const files = entries.map((e) => e.entryName);
    const { supportsChannelFeatures: _dropped, ...without } = manifest;
    expect(checkManifest(without, files)).toEqual([expect.stringMatching(/^supportsChannelFeatures: /)]);
    expect(checkManifest({ ...manifest, supportsChannelFeatures: 'tier2' }, files)).toHaveLength(1);
  });

  it('offers every command of the contract in the command menu', () => {
    const bot = (manifest.bots as { commandLists: { commands: { title: string }[] }[] }[])[0]!;
    expect(bot.commandLists[0]!.commands.map((c) => c.title)).toEqual(['help', 'setup', 'now', 'close', 'summary', 'export', 'tips', 'privacy', 'erase', 'schedule']);
    const en = JSON.parse(file('en-us.json').toString('utf8')) as Record<string, string>;
    for (let i = 0; i < 10; i++) expect(en[`bots[0].commandLists[0].commands[${i}].description`]).toBeTruthy();
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    const color = decodePng(file('color.png'));
    expect([color.width, color.height, color.colorType]).toEqual([192, 192, 6]);
    expect(color.pixel(0, 0)[3]).toBe(255);
    const outline = decodePng(file('outline.png'));
    expect([outline.width, outline.height, outline.colorType]).toEqual([32, 32, 6]);
    expect(outline.pixel(0, 0)[3]).toBe(0);
    let drawn = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = outline.pixel(x, y);
        if (a > 0) {
          drawn++;
          expect([r, g, b]).toEqual([255, 255, 255]);
        }
      }
    }
    expect(drawn).toBeGreaterThan(50);
  });

  it('names each missing or wrong variable', () => {
    const problems = (e: Record<string, string>): string[] => {
      try {
        packageInputFromEnv(e, '0.1.0');
        return [];
      } catch (error) {
        return (error as PackageError).problems;
      }
    };
    expect(problems({})).toEqual([expect.stringMatching(/^TEAMS_APP_ID: is missing/), expect.stringMatching(/^PUBLIC_BASE_URL: is missing/)]);
    expect(problems({ TEAMS_APP_ID: 'my-bot', PUBLIC_BASE_URL: 'http://localhost:3978' })).toEqual([
      expect.stringMatching(/^TEAMS_APP_ID: must be/),
      expect.stringMatching(/^PUBLIC_BASE_URL: must be an https URL/),
    ]);
  });

  it('catches a manifest that breaks the required fields', () => {
    const broken = { ...manifest, id: 'nope', accentColor: 'teal', validDomains: ['https://x.org/api'], bots: [{ botId: APP_ID, scopes: ['personal'] }] };
    expect(checkManifest(broken, ['color.png', 'outline.png', 'en-us.json'])).toEqual([
      'id: must be a GUID',
      'accentColor: must be #RRGGBB',
      'bots[0].scopes: must include team and groupChat',
      'validDomains: "https://x.org/api" must be a bare host name',
    ]);
  });

  describe('npm run package:teams', () => {
    const dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('writes the zip from the environment', async () => {
      const out = join(dir, 'app.zip');
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/package-teams.ts', '--out', out], {
        env: { ...process.env, ...env },
        cwd: join(import.meta.dirname, '../../..'),
      });
      expect(stdout).toContain(out);
      const packaged = JSON.parse(new AdmZip(readFileSync(out)).readAsText('manifest.json')) as { id: string; validDomains: string[] };
      expect(packaged.id).toBe(APP_ID);
      expect(packaged.validDomains).toEqual(['thermometer.example.org']);
    });

    it('refuses without TEAMS_APP_ID, saying what to set', async () => {
      const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/package-teams.ts', '--out', join(dir, 'none.zip')], {
        env: { ...process.env, TEAMS_APP_ID: '', PUBLIC_BASE_URL: 'https://thermometer.example.org' },
        cwd: join(import.meta.dirname, '../../..'),
      });
      const failure = (await run.catch((e: unknown) => e)) as { code: number; stderr: string };
      expect(failure.code).toBe(1);
      expect(failure.stderr).toContain('TEAMS_APP_ID: is missing');
    });
  });
});
