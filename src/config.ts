/**
 * Configuration from the environment (and `.env`), parsed once at start with zod.
 * Every problem is listed at once, one line per variable, so an operator can fix them
 * in one go. Empty strings count as unset.
 */
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_ADMISSION, type AdmissionLimits } from './app/admission.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Microsoft's clouds, by the names the Teams SDK knows them (`cloudFromName`). */
export const TEAMS_CLOUDS = ['public', 'usgov', 'usgovdod', 'china'] as const;
export type TeamsCloud = (typeof TEAMS_CLOUDS)[number];

/** Which tenants may use the bot: `*` for any, or a list of lower-case tenant ids. */
export type AllowedTenants = '*' | readonly string[];

export interface TeamsConfig {
  appId: string;
  appPassword: string;
  tenantId: string | undefined;
  cloud: TeamsCloud;
  /** Overrides of the cloud's endpoints: sovereign set-ups, or a local stand-in in tests. */
  loginEndpoint: string | undefined;
  openIdMetadataUrl: string | undefined;
  tokenIssuer: string | undefined;
  allowedTenants: AllowedTenants;
}

/** Slack installed in one workspace (its bot token), or distributed to many through OAuth. */
export type SlackAuth = { kind: 'token'; botToken: string } | { kind: 'oauth'; clientId: string; clientSecret: string; stateSecret: string };

export interface SlackConfig {
  signingSecret: string;
  auth: SlackAuth;
  apiUrl: string | undefined;
}

export interface Config {
  port: number;
  /** 127.0.0.1 in local mode, all interfaces otherwise. */
  host: string;
  /** The SQLite archive file; with `database` on PostgreSQL only the folder for local files (playground, link key). */
  databasePath: string;
  /** The linkage directory of open rounds; undefined: `linkage/` next to the database file. */
  linkagePath: string | undefined;
  /** PostgreSQL instead of the SQLite file (DATABASE_URL), with its pool size. */
  postgres: { url: string; poolSize: number } | undefined;
  /** The scheduler: how often each process looks for due work, and how long a claimed job stays claimed without a heartbeat. */
  scheduler: { intervalMs: number; leaseMs: number };
  publicBaseUrl: string;
  logLevel: LogLevel;
  slack: SlackConfig | undefined;
  teams: TeamsConfig | undefined;
  /** Neither Slack nor Teams configured: unauthenticated Teams endpoint on loopback. */
  localMode: boolean;
  /** Server secret; dashboard links are signed with a key derived from it when set. */
  secretsKey: string | undefined;
  /** Past these an answer gets a polite "busy, try again" (src/app/admission.ts). */
  admission: AdmissionLimits;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const httpUrl = z.url({ protocol: /^https?$/ });
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * An endpoint the bot sends its secret to or takes its keys from: https, except on this
 * machine (a local stand-in for Microsoft's services in tests and trials).
 */
const secureUrl = httpUrl.refine((value) => {
  const url = parseUrl(value);
  return url === undefined || url.protocol === 'https:' || LOOPBACK.has(url.hostname);
}, 'must be an https URL (plain http only on 127.0.0.1 or localhost)');

const allowedTenants = z
  .string()
  .transform((value) => value.split(',').map((t) => t.trim().toLowerCase()))
  .refine((ids) => (ids.length === 1 && ids[0] === '*') || ids.every((id) => guid.test(id)), 'must be * or tenant ids (GUIDs) separated by commas');

/** A PostgreSQL connection URL: postgres:// or postgresql://, with a database name. */
const postgresUrl = z.string().refine((value) => {
  const url = parseUrl(value);
  return url !== undefined && (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.pathname.length > 1;
}, 'must be a PostgreSQL connection URL starting with postgres:// and naming a database');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  DATABASE_PATH: z.string().optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).optional(),
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
  SCHEDULER_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).optional(),
  ANSWERS_IN_FLIGHT: z.coerce.number().int().min(1).max(10000).optional(),
  ANSWER_MAX_WAIT_MS: z.coerce.number().int().min(1).max(60000).optional(),
  LINKAGE_PATH: z.string().optional(),
  PUBLIC_BASE_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  SLACK_SIGNING_SECRET: z.string().regex(/^[0-9a-f]{16,}$/i, 'must be the hexadecimal signing secret from Basic Information').optional(),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  SLACK_API_URL: httpUrl.optional(),
  SLACK_CLIENT_ID: z.string().regex(/^\d+\.\d+$/, 'must be the Client ID from Basic Information (digits, a dot, digits)').optional(),
  SLACK_CLIENT_SECRET: z.string().regex(/^[0-9a-f]{16,}$/i, 'must be the hexadecimal Client Secret from Basic Information').optional(),
  SLACK_STATE_SECRET: z.string().min(32, 'must be at least 32 characters of random text').optional(),
  TEAMS_APP_ID: z.string().regex(guid, 'must be the Microsoft App ID (a GUID)').optional(),
  TEAMS_APP_PASSWORD: z.string().min(1).optional(),
  TEAMS_TENANT_ID: z.string().regex(guid, 'must be the Entra tenant id (a GUID)').optional(),
  TEAMS_CLOUD: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(TEAMS_CLOUDS, { error: `must be one of ${TEAMS_CLOUDS.join(', ')}` }))
    .optional(),
  TEAMS_LOGIN_ENDPOINT: secureUrl.optional(),
  TEAMS_OPENID_METADATA_URL: secureUrl
    // The SDK (2.0.16) reads the signing keys from the sibling `…/keys` of this URL.
    .refine((v) => parseUrl(v)?.pathname.endsWith('/openidconfiguration') !== false, 'must end with /openidconfiguration, the signing keys are read from …/keys next to it')
    .optional(),
  TEAMS_TOKEN_ISSUER: httpUrl.optional(),
  TEAMS_ALLOWED_TENANTS: allowedTenants.optional(),
  SECRETS_KEY: z.string().min(32, 'must be at least 32 characters of random text').optional(),
});

/** Teams settings that mean nothing without TEAMS_APP_ID. */
const TEAMS_DEPENDENTS = [
  'TEAMS_APP_PASSWORD',
  'TEAMS_TENANT_ID',
  'TEAMS_CLOUD',
  'TEAMS_LOGIN_ENDPOINT',
  'TEAMS_OPENID_METADATA_URL',
  'TEAMS_TOKEN_ISSUER',
  'TEAMS_ALLOWED_TENANTS',
] as const;

const HINTS: Record<string, string> = {
  PORT: 'a port number from 0 to 65535',
  DATABASE_URL: 'e.g. postgres://thermometer:password@db.internal:5432/thermometer',
  DATABASE_POOL_SIZE: 'a number of connections from 2 to 200 per bot process',
  SCHEDULER_INTERVAL_SECONDS: 'seconds from 1 to 3600',
  SCHEDULER_LEASE_SECONDS: 'seconds from 2 to 3600',
  ANSWERS_IN_FLIGHT: 'a whole number of answers from 1 to 10000',
  ANSWER_MAX_WAIT_MS: 'milliseconds from 1 to 60000',
  PUBLIC_BASE_URL: 'the https address where Slack and Teams reach this bot, e.g. https://thermometer.example.org',
  LOG_LEVEL: 'one of debug, info, warn, error',
  SLACK_API_URL: 'a base URL such as https://slack.com/api/',
  TEAMS_LOGIN_ENDPOINT: 'the login host of your cloud, e.g. https://login.microsoftonline.us',
  TEAMS_OPENID_METADATA_URL: 'e.g. https://login.botframework.com/v1/.well-known/openidconfiguration',
  TEAMS_TOKEN_ISSUER: 'e.g. https://api.botframework.com',
  SECRETS_KEY: 'a long random string, e.g. the output of: openssl rand -hex 32',
  SLACK_STATE_SECRET: 'a long random string, e.g. the output of: openssl rand -hex 32',
};

const SLACK_OAUTH = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '').map(([k, v]) => [k, v?.trim()]));
  const parsed = envSchema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      const hint = HINTS[name];
      problems.push(`${name}: ${issue.message}${hint ? ` (expected ${hint})` : ''}`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const oauthGiven = SLACK_OAUTH.filter((name) => e[name] !== undefined);
  if (e.SLACK_BOT_TOKEN && oauthGiven.length > 0) {
    problems.push(`SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN (one workspace) or ${SLACK_OAUTH.join(', ')} (many workspaces), not both; remove ${oauthGiven.join(', ')} or SLACK_BOT_TOKEN`);
  } else if (oauthGiven.length > 0 && oauthGiven.length < SLACK_OAUTH.length) {
    for (const name of SLACK_OAUTH.filter((n) => e[n] === undefined)) problems.push(`${name}: is missing; a Slack app for many workspaces needs ${SLACK_OAUTH.join(', ')} together`);
  }
  const slackAuthGiven = Boolean(e.SLACK_BOT_TOKEN) || oauthGiven.length > 0;
  if (e.SLACK_SIGNING_SECRET && !slackAuthGiven) {
    problems.push(`SLACK_BOT_TOKEN: is missing; Slack needs SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN (one workspace) or with ${SLACK_OAUTH.join(', ')} (many workspaces)`);
  }
  if (!e.SLACK_SIGNING_SECRET && slackAuthGiven) problems.push('SLACK_SIGNING_SECRET: is missing; Slack needs the signing secret from Basic Information');
  if (oauthGiven.length === SLACK_OAUTH.length && !e.PUBLIC_BASE_URL) {
    problems.push('PUBLIC_BASE_URL: is missing; a Slack app for many workspaces needs it for its redirect URL (PUBLIC_BASE_URL/slack/oauth_redirect)');
  }
  if (e.TEAMS_APP_ID && !e.TEAMS_APP_PASSWORD) problems.push('TEAMS_APP_PASSWORD: is missing; Teams needs the client secret of TEAMS_APP_ID');
  const dependents = TEAMS_DEPENDENTS.filter((name) => e[name] !== undefined);
  if (!e.TEAMS_APP_ID && dependents.length > 0) {
    problems.push(`TEAMS_APP_ID: is missing; ${dependents.join(', ')} only work${dependents.length === 1 ? 's' : ''} together with it`);
  }
  if (e.TEAMS_APP_ID && !e.TEAMS_TENANT_ID && !e.TEAMS_ALLOWED_TENANTS) {
    problems.push(
      'TEAMS_ALLOWED_TENANTS: is missing; without TEAMS_TENANT_ID the bot has no tenant of its own to allow, so list the tenant ids that may use it (or * for any)',
    );
  }
  if (e.SLACK_API_URL && !e.SLACK_API_URL.endsWith('/api/')) problems.push('SLACK_API_URL: must end with /api/ (e.g. https://slack.com/api/)');
  const databasePath = e.DATABASE_PATH ?? './data/thermometer.db';
  if (e.LINKAGE_PATH && [databasePath, dirname(databasePath)].some((p) => resolve(p) === resolve(e.LINKAGE_PATH ?? ''))) {
    problems.push('LINKAGE_PATH: must be a directory of its own, not the database file or its folder (the linkage of open rounds is never backed up with the database)');
  }
  if (e.DATABASE_URL) {
    if (e.DATABASE_PATH) problems.push('DATABASE_PATH: set either DATABASE_PATH (an SQLite file) or DATABASE_URL (PostgreSQL), not both');
    if (e.LINKAGE_PATH) problems.push('LINKAGE_PATH: is for SQLite only; with DATABASE_URL the linkage of open rounds lives in the database\'s unlogged tables');
    if (!e.SECRETS_KEY) problems.push('SECRETS_KEY: is required with DATABASE_URL, so every bot process sharing the database signs and accepts the same dashboard links');
  } else if (e.DATABASE_POOL_SIZE !== undefined) {
    problems.push('DATABASE_POOL_SIZE: only works together with DATABASE_URL');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const auth: SlackAuth | undefined = e.SLACK_BOT_TOKEN
    ? { kind: 'token', botToken: e.SLACK_BOT_TOKEN }
    : e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
      ? { kind: 'oauth', clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET }
      : undefined;
  const slack: SlackConfig | undefined = e.SLACK_SIGNING_SECRET && auth ? { signingSecret: e.SLACK_SIGNING_SECRET, auth, apiUrl: e.SLACK_API_URL } : undefined;
  const teams: TeamsConfig | undefined = e.TEAMS_APP_ID && e.TEAMS_APP_PASSWORD
    ? {
        appId: e.TEAMS_APP_ID,
        appPassword: e.TEAMS_APP_PASSWORD,
        tenantId: e.TEAMS_TENANT_ID,
        cloud: e.TEAMS_CLOUD ?? 'public',
        loginEndpoint: e.TEAMS_LOGIN_ENDPOINT?.replace(/\/+$/, ''),
        openIdMetadataUrl: e.TEAMS_OPENID_METADATA_URL,
        tokenIssuer: e.TEAMS_TOKEN_ISSUER,
        allowedTenants: allowed(e.TEAMS_ALLOWED_TENANTS, e.TEAMS_TENANT_ID),
      }
    : undefined;
  const localMode = !slack && !teams;
  const port = e.PORT ?? 3978;
  return {
    port,
    host: localMode ? '127.0.0.1' : '0.0.0.0',
    databasePath,
    linkagePath: e.LINKAGE_PATH,
    postgres: e.DATABASE_URL ? { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE ?? 10 } : undefined,
    scheduler: { intervalMs: (e.SCHEDULER_INTERVAL_SECONDS ?? 60) * 1000, leaseMs: (e.SCHEDULER_LEASE_SECONDS ?? 120) * 1000 },
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL ?? 'info',
    slack,
    teams,
    localMode,
    secretsKey: e.SECRETS_KEY,
    admission: { inFlight: e.ANSWERS_IN_FLIGHT ?? DEFAULT_ADMISSION.inFlight, maxWaitMs: e.ANSWER_MAX_WAIT_MS ?? DEFAULT_ADMISSION.maxWaitMs },
  };
}

/** TEAMS_ALLOWED_TENANTS as given, or else the bot's own tenant. */
function allowed(list: string[] | undefined, ownTenant: string | undefined): AllowedTenants {
  if (list) return list[0] === '*' ? '*' : list;
  return ownTenant ? [ownTenant.toLowerCase()] : [];
}
