/**
 * Both app manifests against the schemas their platforms publish (vendored in
 * tests/fixtures/schemas, with source and licence): the Slack manifest as Slack's
 * manifest schema describes version 1 manifests, and the Teams package's manifest.json
 * and en-us.json as built by `npm run package:teams`, against the Teams 1.25 manifest
 * and localization schemas.
 */
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildTeamsPackage, packageInputFromEnv } from '../../scripts/package-teams.ts';

// CommonJS packages: their classes and plugin are the `default` of what Node hands over.
const Ajv = AjvModule.default;
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

const schema = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`tests/fixtures/schemas/${name}`, 'utf8')) as Record<string, unknown>;

function errorsOf(validate: { (data: unknown): boolean; errors?: { instancePath: string; message?: string }[] | null }, data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

describe('the Slack app manifest', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema('slack-manifest.schema.1.0.0.json'));
  const manifest = parse(readFileSync('manifest/slack/manifest.yaml', 'utf8')) as Record<string, unknown>;

  it('is valid for Slack’s published manifest schema (version 1), with YOUR-HOST filled in', () => {
    const filled = JSON.parse(JSON.stringify(manifest).replaceAll('YOUR-HOST', 'thermometer.example.org')) as unknown;
    expect(errorsOf(validate, filled)).toEqual([]);
  });

  it('would be caught breaking the schema', () => {
    const broken = { ...manifest, display_information: { name: 'x'.repeat(40) }, oauth_config: { scopes: { bot: 'commands' } } };
    expect(errorsOf(validate, broken).length).toBeGreaterThan(0);
  });
});

describe('the Teams app package', () => {
  // The localization schema's patterns are written for JavaScript regular expressions without the u flag.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validateManifest = ajv.compile(schema('teams-v1.25-MicrosoftTeams.schema.json'));
  const validateLocalization = ajv.compile(schema('teams-v1.25-MicrosoftTeams.Localization.schema.json'));
  const input = packageInputFromEnv({ TEAMS_APP_ID: '9b1c4f3e-5a2d-4e7f-8c6b-0d1e2f3a4b5c', PUBLIC_BASE_URL: 'https://thermometer.example.org/' }, '0.1.0');
  const zip = new AdmZip(buildTeamsPackage(input).zip);
  const file = (name: string): unknown => JSON.parse(zip.readAsText(name)) as unknown;

  it('has a manifest.json valid for the Teams 1.25 manifest schema', () => {
    expect(errorsOf(validateManifest, file('manifest.json'))).toEqual([]);
  });

  it('has an en-us.json valid for the Teams 1.25 localization schema', () => {
    expect(errorsOf(validateLocalization, file('en-us.json'))).toEqual([]);
  });

  it('would be caught breaking the schema', () => {
    const manifest = file('manifest.json') as Record<string, unknown>;
    expect(errorsOf(validateManifest, { ...manifest, id: 'not-a-guid', accentColor: 'teal' }).length).toBeGreaterThan(0);
  });
});
