/**
 * Configuration from the environment (and `.env`), parsed once at start with zod.
 * Every problem is listed at once, one line per variable, so an operator can fix them
 * in one go. Empty strings count as unset.
 */
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Config {
  port: number;
  /** 127.0.0.1 in local mode, all interfaces otherwise. */
  host: string;
  databasePath: string;
  /** The linkage directory of open rounds; undefined: `linkage/` next to the database file. */
  linkagePath: string | undefined;
  publicBaseUrl: string;
  logLevel: LogLevel;
  slack: { signingSecret: string; botToken: string; apiUrl: string | undefined } | undefined;
  teams: { appId: string; appPassword: string; tenantId: string | undefined } | undefined;
  /** Neither Slack nor Teams configured: unauthenticated Teams endpoint on loopback. */
  localMode: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const httpUrl = z.url({ protocol: /^https?$/ });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  DATABASE_PATH: z.string().optional(),
  LINKAGE_PATH: z.string().optional(),
  PUBLIC_BASE_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  SLACK_SIGNING_SECRET: z.string().regex(/^[0-9a-f]{16,}$/i, 'must be the hexadecimal signing secret from Basic Information').optional(),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  SLACK_API_URL: httpUrl.optional(),
  TEAMS_APP_ID: z.string().regex(guid, 'must be the Microsoft App ID (a GUID)').optional(),
  TEAMS_APP_PASSWORD: z.string().min(1).optional(),
  TEAMS_TENANT_ID: z.string().regex(guid, 'must be the Entra tenant id (a GUID)').optional(),
});

const HINTS: Record<string, string> = {
  PORT: 'a port number from 0 to 65535',
  PUBLIC_BASE_URL: 'the https address where Slack and Teams reach this bot, e.g. https://thermometer.example.org',
  LOG_LEVEL: 'one of debug, info, warn, error',
  SLACK_API_URL: 'a base URL such as https://slack.com/api/',
};

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
  if (Boolean(e.SLACK_SIGNING_SECRET) !== Boolean(e.SLACK_BOT_TOKEN)) {
    const missing = e.SLACK_SIGNING_SECRET ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET';
    problems.push(`${missing}: is missing; Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN`);
  }
  if (e.TEAMS_APP_ID && !e.TEAMS_APP_PASSWORD) problems.push('TEAMS_APP_PASSWORD: is missing; Teams needs the client secret of TEAMS_APP_ID');
  if (!e.TEAMS_APP_ID && (e.TEAMS_APP_PASSWORD || e.TEAMS_TENANT_ID)) {
    problems.push('TEAMS_APP_ID: is missing; TEAMS_APP_PASSWORD and TEAMS_TENANT_ID only work together with it');
  }
  if (e.SLACK_API_URL && !e.SLACK_API_URL.endsWith('/api/')) problems.push('SLACK_API_URL: must end with /api/ (e.g. https://slack.com/api/)');
  const databasePath = e.DATABASE_PATH ?? './data/thermometer.db';
  if (e.LINKAGE_PATH && [databasePath, dirname(databasePath)].some((p) => resolve(p) === resolve(e.LINKAGE_PATH ?? ''))) {
    problems.push('LINKAGE_PATH: must be a directory of its own, not the database file or its folder (the linkage of open rounds is never backed up with the database)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const slack = e.SLACK_SIGNING_SECRET && e.SLACK_BOT_TOKEN
    ? { signingSecret: e.SLACK_SIGNING_SECRET, botToken: e.SLACK_BOT_TOKEN, apiUrl: e.SLACK_API_URL }
    : undefined;
  const teams = e.TEAMS_APP_ID && e.TEAMS_APP_PASSWORD
    ? { appId: e.TEAMS_APP_ID, appPassword: e.TEAMS_APP_PASSWORD, tenantId: e.TEAMS_TENANT_ID }
    : undefined;
  const localMode = !slack && !teams;
  const port = e.PORT ?? 3978;
  return {
    port,
    host: localMode ? '127.0.0.1' : '0.0.0.0',
    databasePath,
    linkagePath: e.LINKAGE_PATH,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL ?? 'info',
    slack,
    teams,
    localMode,
  };
}
