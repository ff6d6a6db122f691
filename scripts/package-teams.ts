/**
 * `npm run package:teams`: builds the Teams app package (a zip with manifest.json, the
 * English localization and both icons) ready to upload in Teams or the Developer
 * Portal. The app id and the bot's domain come from TEAMS_APP_ID and PUBLIC_BASE_URL
 * (environment or .env); the filled manifest is checked before anything is written.
 *
 *   npm run package:teams                   → dist/teams/thermometer-teams.zip
 *   npm run package:teams -- --out app.zip  → app.zip
 *
 * Optional: TEAMS_DEVELOPER_NAME, TEAMS_WEBSITE_URL, TEAMS_PRIVACY_URL, TEAMS_TERMS_URL.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';

export const MANIFEST_DIR = fileURLToPath(new URL('../manifest/teams/', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../package.json', import.meta.url));
const FILES = ['manifest.json', 'en-us.json', 'color.png', 'outline.png'] as const;

export interface PackageInput {
  appId: string;
  publicBaseUrl: string;
  version: string;
  developerName: string;
  websiteUrl: string;
  privacyUrl: string;
  termsUrl: string;
}

export class PackageError extends Error {
  override readonly name = 'PackageError';
  constructor(readonly problems: string[]) {
    super(`Cannot build the Teams package:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;

function httpsUrl(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the package input from the environment, listing every problem at once. */
export function packageInputFromEnv(env: Record<string, string | undefined>, version: string): PackageInput {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const problems: string[] = [];
  const appId = get('TEAMS_APP_ID');
  if (!appId) problems.push('TEAMS_APP_ID: is missing; set it to the Microsoft App ID of your Azure bot');
  else if (!GUID.test(appId)) problems.push('TEAMS_APP_ID: must be the Microsoft App ID (a GUID)');
  const base = get('PUBLIC_BASE_URL');
  const baseUrl = httpsUrl(base);
  if (!base) problems.push('PUBLIC_BASE_URL: is missing; set it to the https address where Teams reaches this bot');
  else if (!baseUrl) problems.push('PUBLIC_BASE_URL: must be an https URL (Teams only talks to bots over https)');
  const origin = baseUrl ? `${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, '')}` : '';
  const optionalUrl = (name: string, fallback: string): string => {
    const value = get(name);
    if (value === undefined) return fallback;
    if (!httpsUrl(value)) problems.push(`${name}: must be an https URL`);
    return value;
  };
  const input: PackageInput = {
    appId: appId ?? '',
    publicBaseUrl: origin,
    version,
    developerName: get('TEAMS_DEVELOPER_NAME') ?? 'Partnership Thermometer',
    websiteUrl: optionalUrl('TEAMS_WEBSITE_URL', origin),
    privacyUrl: optionalUrl('TEAMS_PRIVACY_URL', `${origin}/privacy`),
    termsUrl: optionalUrl('TEAMS_TERMS_URL', `${origin}/terms`),
  };
  if (!SEMVER.test(version)) problems.push(`package.json version "${version}" is not of the form 1.2.3`);
  if (problems.length > 0) throw new PackageError(problems);
  return input;
}

/** The manifest with every placeholder filled. */
export function fillManifest(template: string, input: PackageInput): Record<string, unknown> {
  const values: Record<string, string> = {
    TEAMS_APP_ID: input.appId,
    APP_VERSION: input.version,
    BOT_DOMAIN: new URL(input.publicBaseUrl).hostname,
    DEVELOPER_NAME: input.developerName,
    WEBSITE_URL: input.websiteUrl,
    PRIVACY_URL: input.privacyUrl,
    TERMS_URL: input.termsUrl,
  };
  const filled = template.replace(/\$\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new PackageError([`manifest.json: unknown placeholder ${whole}`]);
    // The value lands inside a JSON string.
    return JSON.stringify(value).slice(1, -1);
  });
  return JSON.parse(filled) as Record<string, unknown>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Checks the fields Teams requires of a manifest (schema 1.25) and the limits it
 * enforces on upload. Returns one line per problem; empty when the manifest is fine.
 */
export function checkManifest(manifest: Json, files: readonly string[]): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  const version = str(manifest.manifestVersion);
  need(version !== undefined && /^1\.\d+$/.test(version), 'manifestVersion: missing or not 1.x');
  need(str(manifest.$schema)?.includes(`/v${version}/MicrosoftTeams.schema.json`) === true, '$schema: must point at the schema of manifestVersion');
  need(SEMVER.test(str(manifest.version) ?? ''), 'version: must be of the form 1.2.3');
  need(GUID.test(str(manifest.id) ?? ''), 'id: must be a GUID');

  const developer = isObject(manifest.developer) ? manifest.developer : {};
  need((str(developer.name) ?? '').length > 0 && (str(developer.name) ?? '').length <= 32, 'developer.name: 1–32 characters');
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) need(httpsUrl(str(developer[key])) !== undefined, `developer.${key}: must be an https URL`);

  const name = isObject(manifest.name) ? manifest.name : {};
  need((str(name.short) ?? '').length > 0 && (str(name.short) ?? '').length <= 30, 'name.short: 1–30 characters');
  need((str(name.full) ?? '').length <= 100, 'name.full: at most 100 characters');
  const description = isObject(manifest.description) ? manifest.description : {};
  need((str(description.short) ?? '').length > 0 && (str(description.short) ?? '').length <= 80, 'description.short: 1–80 characters');
  need((str(description.full) ?? '').length > 0 && (str(description.full) ?? '').length <= 4000, 'description.full: 1–4000 characters');

  const icons = isObject(manifest.icons) ? manifest.icons : {};
  for (const key of ['color', 'outline']) {
    const file = str(icons[key]);
    need(file !== undefined && files.includes(file), `icons.${key}: must name a file in the package`);
  }
  need(/^#[0-9a-fA-F]{6}$/.test(str(manifest.accentColor) ?? ''), 'accentColor: must be #RRGGBB');

  const bots = Array.isArray(manifest.bots) ? manifest.bots : [];
  need(bots.length === 1, 'bots: exactly one bot expected');
  const bot = isObject(bots[0]) ? bots[0] : {};
  need(GUID.test(str(bot.botId) ?? ''), 'bots[0].botId: must be the Microsoft App ID (a GUID)');
  const scopes = Array.isArray(bot.scopes) ? bot.scopes : [];
  need(scopes.includes('team') && scopes.includes('groupChat'), 'bots[0].scopes: must include team and groupChat');
  need(scopes.length <= 3, 'bots[0].scopes: at most 3 scopes');
  // From schema 1.25 Teams refuses a team-scoped app without it on upload; it also makes
  // the bot available in shared and private channels.
  need(!scopes.includes('team') || manifest.supportsChannelFeatures === 'tier1', 'supportsChannelFeatures: must be "tier1" (top level) for a bot in teams and shared channels');
  for (const list of Array.isArray(bot.commandLists) ? bot.commandLists : []) {
    const commands = isObject(list) && Array.isArray(list.commands) ? list.commands : [];
    need(commands.length <= 10, 'bots[0].commandLists: at most 10 commands per list');
    for (const c of commands) {
      need(isObject(c) && (str(c.title) ?? '').length > 0 && (str(c.title) ?? '').length <= 32, 'command title: 1–32 characters');
      need(isObject(c) && (str(c.description) ?? '').length <= 128, 'command description: at most 128 characters');
    }
  }
  const domains = Array.isArray(manifest.validDomains) ? manifest.validDomains : [];
  need(domains.length > 0, 'validDomains: the bot\'s domain is missing');
  for (const d of domains) need(typeof d === 'string' && /^[a-z0-9*][a-z0-9.*-]*$/i.test(d), `validDomains: "${String(d)}" must be a bare host name`);

  const localization = isObject(manifest.localizationInfo) ? manifest.localizationInfo : undefined;
  for (const extra of localization && Array.isArray(localization.additionalLanguages) ? localization.additionalLanguages : []) {
    const file = isObject(extra) ? str(extra.file) : undefined;
    need(file !== undefined && files.includes(file), `localizationInfo: "${String(file)}" is not in the package`);
  }
  need(JSON.stringify(manifest).includes('${{') === false, 'a placeholder was left unfilled');
  return problems;
}

/** Builds the zip in memory. Throws PackageError when the filled manifest is not valid. */
export function buildTeamsPackage(input: PackageInput, manifestDir = MANIFEST_DIR): { zip: Buffer; manifest: Json } {
  const manifest = fillManifest(readFileSync(join(manifestDir, 'manifest.json'), 'utf8'), input);
  const problems = checkManifest(manifest, FILES);
  if (problems.length > 0) throw new PackageError(problems);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'));
  for (const file of FILES.slice(1)) zip.addFile(file, readFileSync(join(manifestDir, file)));
  return { zip: zip.toBuffer(), manifest };
}

function main(argv: string[]): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const outIndex = argv.indexOf('--out');
  const out = resolve(outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1]! : 'dist/teams/thermometer-teams.zip');
  const { version } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };
  try {
    const input = packageInputFromEnv(process.env, version);
    const { zip } = buildTeamsPackage(input);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, zip);
    process.stdout.write(
      `Teams app package written to ${out}\n` +
        `  app id:   ${input.appId}\n` +
        `  endpoint: ${input.publicBaseUrl}/api/messages\n` +
        'Upload it in Teams (Apps → Manage your apps → Upload an app) or in the Teams Developer Portal.\n',
    );
  } catch (error) {
    if (error instanceof PackageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
