import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5'.replace(/[yz]/g, 'a');
const slack = { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-1-2-abc' };
const slackOAuth = {
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_CLIENT_ID: '1234567890.9876543210',
  SLACK_CLIENT_SECRET: '0123456789abcdef0123456789abcdef',
  SLACK_STATE_SECRET: 's'.repeat(40),
  PUBLIC_BASE_URL: 'https://thermometer.example.org',
};
const teams = { TEAMS_APP_ID: '00000000-0000-0000-0000-0000000000aa', TEAMS_APP_PASSWORD: 'secret' };
const TENANT = '11111111-2222-3333-4444-555555555555';
const OTHER = 'c0ffee00-1111-4222-8333-444455556666';
const teamsSingle = { ...teams, TEAMS_TENANT_ID: TENANT };

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseConfig', () => {
  it('runs in local mode on loopback with defaults when nothing is configured', () => {
    const config = parseConfig({});
    expect(config.localMode).toBe(true);
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3978);
    expect(config.databasePath).toBe('./data/thermometer.db');
    expect(config.publicBaseUrl).toBe('http://localhost:3978');
    expect(config.slack).toBeUndefined();
    expect(config.teams).toBeUndefined();
  });

  it('keeps the linkage of open rounds next to the database unless LINKAGE_PATH says where, and never in the database folder itself', () => {
    expect(parseConfig({}).linkagePath).toBeUndefined();
    expect(parseConfig({ DATABASE_PATH: '/srv/thermo/archive.db', LINKAGE_PATH: '/run/thermo-linkage' }).linkagePath).toBe('/run/thermo-linkage');
    expect(problems({ DATABASE_PATH: '/srv/thermo/archive.db', LINKAGE_PATH: '/srv/thermo/' })).toEqual([expect.stringMatching(/^LINKAGE_PATH: must be a directory of its own/)]);
    expect(problems({ LINKAGE_PATH: './data' })).toEqual([expect.stringMatching(/^LINKAGE_PATH: /)]);
  });

  it('enables Slack with both variables and listens on all interfaces', () => {
    const config = parseConfig({ ...slack, SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(config.localMode).toBe(false);
    expect(config.host).toBe('0.0.0.0');
    expect(config.slack).toEqual({ signingSecret: SECRET, auth: { kind: 'token', botToken: 'xoxb-1-2-abc' }, apiUrl: 'http://127.0.0.1:9/api/' });
    expect(config.teams).toBeUndefined();
  });

  it('makes Slack a distributable app with the client id, client secret and state secret instead of a bot token', () => {
    const config = parseConfig(slackOAuth);
    expect(config.localMode).toBe(false);
    expect(config.slack).toEqual({
      signingSecret: SECRET,
      auth: { kind: 'oauth', clientId: slackOAuth.SLACK_CLIENT_ID, clientSecret: slackOAuth.SLACK_CLIENT_SECRET, stateSecret: slackOAuth.SLACK_STATE_SECRET },
      apiUrl: undefined,
    });
  });

  it('enables Teams with app id and password', () => {
    const config = parseConfig({ ...teams, TEAMS_TENANT_ID: '11111111-2222-3333-4444-555555555555' });
    expect(config.localMode).toBe(false);
    expect(config.teams?.tenantId).toBe('11111111-2222-3333-4444-555555555555');
  });

  it('defaults Teams to the public cloud without overrides, serving only its own tenant', () => {
    expect(parseConfig(teamsSingle).teams).toEqual({
      appId: teams.TEAMS_APP_ID,
      appPassword: 'secret',
      tenantId: TENANT,
      cloud: 'public',
      loginEndpoint: undefined,
      openIdMetadataUrl: undefined,
      tokenIssuer: undefined,
      allowedTenants: [TENANT],
    });
  });

  it('reads the cloud, its endpoint overrides and the allowed tenants', () => {
    const teamsConfig = parseConfig({
      ...teamsSingle,
      TEAMS_CLOUD: 'USGovDoD',
      TEAMS_LOGIN_ENDPOINT: 'https://login.microsoftonline.us/',
      TEAMS_OPENID_METADATA_URL: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
      TEAMS_TOKEN_ISSUER: 'https://api.botframework.us',
      TEAMS_ALLOWED_TENANTS: ` ${OTHER.toUpperCase()} , ${TENANT}`,
    }).teams;
    expect(teamsConfig).toMatchObject({
      cloud: 'usgovdod',
      loginEndpoint: 'https://login.microsoftonline.us',
      openIdMetadataUrl: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
      tokenIssuer: 'https://api.botframework.us',
      allowedTenants: [OTHER, TENANT],
    });
  });

  it('allows any tenant with *, also for a bot without a tenant of its own', () => {
    expect(parseConfig({ ...teams, TEAMS_ALLOWED_TENANTS: '*' }).teams?.allowedTenants).toBe('*');
  });

  it('accepts plain http endpoints only on this machine (a local stand-in)', () => {
    const local = parseConfig({
      ...teamsSingle,
      TEAMS_LOGIN_ENDPOINT: 'http://127.0.0.1:4100',
      TEAMS_OPENID_METADATA_URL: 'http://localhost:4100/v1/.well-known/openidconfiguration',
    }).teams;
    expect(local?.loginEndpoint).toBe('http://127.0.0.1:4100');
  });

  it('treats empty strings as unset', () => {
    const config = parseConfig({ SLACK_SIGNING_SECRET: '', SLACK_BOT_TOKEN: '  ', PORT: '' });
    expect(config.localMode).toBe(true);
    expect(config.port).toBe(3978);
  });

  it('trims a trailing slash from PUBLIC_BASE_URL', () => {
    expect(parseConfig({ PUBLIC_BASE_URL: 'https://bot.example.org/' }).publicBaseUrl).toBe('https://bot.example.org');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'ftp://example.org' }, 'PUBLIC_BASE_URL'],
    [{ ...slack, SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'SLACK_BOT_TOKEN'],
    [{ ...slack, SLACK_SIGNING_SECRET: 'not-hex!' }, 'SLACK_SIGNING_SECRET'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ SLACK_SIGNING_SECRET: SECRET }, 'SLACK_BOT_TOKEN'],
    [{ ...slackOAuth, SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }, 'SLACK_BOT_TOKEN'],
    [{ ...slackOAuth, SLACK_CLIENT_ID: 'thermometer' }, 'SLACK_CLIENT_ID'],
    [{ ...slackOAuth, SLACK_CLIENT_SECRET: 'not hex at all' }, 'SLACK_CLIENT_SECRET'],
    [{ ...slackOAuth, SLACK_STATE_SECRET: 'short' }, 'SLACK_STATE_SECRET'],
    [{ ...slackOAuth, SLACK_STATE_SECRET: '' }, 'SLACK_STATE_SECRET'],
    [{ ...slackOAuth, SLACK_CLIENT_SECRET: '' }, 'SLACK_CLIENT_SECRET'],
    [{ ...slackOAuth, PUBLIC_BASE_URL: '' }, 'PUBLIC_BASE_URL'],
    [{ ...slackOAuth, SLACK_SIGNING_SECRET: '' }, 'SLACK_SIGNING_SECRET'],
    [{ ...slack, SLACK_API_URL: 'http://127.0.0.1:9/' }, 'SLACK_API_URL'],
    [{ TEAMS_APP_ID: 'my-bot' }, 'TEAMS_APP_ID'],
    [{ TEAMS_APP_ID: teams.TEAMS_APP_ID, TEAMS_TENANT_ID: TENANT }, 'TEAMS_APP_PASSWORD'],
    [{ TEAMS_APP_PASSWORD: 'x' }, 'TEAMS_APP_ID'],
    [{ ...teams, TEAMS_TENANT_ID: 'contoso' }, 'TEAMS_TENANT_ID'],
    [{ ...teamsSingle, TEAMS_CLOUD: 'azure' }, 'TEAMS_CLOUD'],
    [{ ...teamsSingle, TEAMS_CLOUD: 'gcc' }, 'TEAMS_CLOUD'],
    [{ ...teamsSingle, TEAMS_LOGIN_ENDPOINT: 'login.microsoftonline.us' }, 'TEAMS_LOGIN_ENDPOINT'],
    [{ ...teamsSingle, TEAMS_LOGIN_ENDPOINT: 'http://login.example.org' }, 'TEAMS_LOGIN_ENDPOINT'],
    [{ ...teamsSingle, TEAMS_OPENID_METADATA_URL: 'https://login.example.org/.well-known/openid-configuration' }, 'TEAMS_OPENID_METADATA_URL'],
    [{ ...teamsSingle, TEAMS_OPENID_METADATA_URL: 'http://login.example.org/v1/.well-known/openidconfiguration' }, 'TEAMS_OPENID_METADATA_URL'],
    [{ ...teamsSingle, TEAMS_TOKEN_ISSUER: 'botframework' }, 'TEAMS_TOKEN_ISSUER'],
    [{ ...teamsSingle, TEAMS_ALLOWED_TENANTS: 'contoso.onmicrosoft.com' }, 'TEAMS_ALLOWED_TENANTS'],
    [{ ...teamsSingle, TEAMS_ALLOWED_TENANTS: `*,${TENANT}` }, 'TEAMS_ALLOWED_TENANTS'],
    [{ ...teamsSingle, TEAMS_ALLOWED_TENANTS: `${TENANT},,${OTHER}` }, 'TEAMS_ALLOWED_TENANTS'],
    [teams, 'TEAMS_ALLOWED_TENANTS'],
    [{ TEAMS_CLOUD: 'usgov' }, 'TEAMS_APP_ID'],
    [{ TEAMS_ALLOWED_TENANTS: '*' }, 'TEAMS_APP_ID'],
  ])('names the variable in its problem: %o', (env, variable) => {
    const found = problems(env);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${variable}: `));
  });

  it('lists every problem at once, one line per variable', () => {
    const found = problems({ PORT: 'x', LOG_LEVEL: 'loud', TEAMS_APP_ID: 'nope' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT', 'TEAMS_APP_ID']);
  });

  it('takes SECRETS_KEY for signing dashboard links, and refuses one too short to be a secret', () => {
    expect(parseConfig({ SECRETS_KEY: 'x'.repeat(40) }).secretsKey).toBe('x'.repeat(40));
    expect(parseConfig({}).secretsKey).toBeUndefined();
    expect(problems({ SECRETS_KEY: 'short' })).toEqual([expect.stringMatching(/^SECRETS_KEY: .*openssl rand -hex 32/)]);
  });

  it('selects PostgreSQL with DATABASE_URL, with a pool size, and names each wrong variable', () => {
    const key = { SECRETS_KEY: 'k'.repeat(40) };
    const url = 'postgres://thermo:pw@db.internal:5432/thermometer';
    expect(parseConfig({ ...key, DATABASE_URL: url }).postgres).toEqual({ url, poolSize: 10 });
    expect(parseConfig({ ...key, DATABASE_URL: url, DATABASE_POOL_SIZE: '25' }).postgres?.poolSize).toBe(25);
    expect(parseConfig({}).postgres).toBeUndefined();
    expect(problems({ ...key, DATABASE_URL: 'mysql://db/thermometer' })).toEqual([expect.stringMatching(/^DATABASE_URL: must be a PostgreSQL connection URL.*\(expected e\.g\. postgres:\/\//)]);
    expect(problems({ ...key, DATABASE_URL: 'postgres://db.internal:5432' })).toEqual([expect.stringMatching(/^DATABASE_URL: .*naming a database/)]);
    expect(problems({ ...key, DATABASE_URL: url, DATABASE_POOL_SIZE: '0' })).toEqual([expect.stringMatching(/^DATABASE_POOL_SIZE: .*\(expected a number of connections/)]);
    expect(problems({ DATABASE_POOL_SIZE: '5' })).toEqual(['DATABASE_POOL_SIZE: only works together with DATABASE_URL']);
    expect(problems({ ...key, DATABASE_URL: url, DATABASE_PATH: './data/x.db', LINKAGE_PATH: '/run/l' })).toEqual([
      expect.stringMatching(/^DATABASE_PATH: set either/),
      expect.stringMatching(/^LINKAGE_PATH: is for SQLite only/),
    ]);
    // Replicas must accept each other's dashboard links.
    expect(problems({ DATABASE_URL: url })).toEqual([expect.stringMatching(/^SECRETS_KEY: is required with DATABASE_URL/)]);
    // The password never appears in a problem.
    expect(problems({ DATABASE_URL: 'mysql://u:hunter2@db/x' }).join('\n')).not.toContain('hunter2');
  });

  it('lets the scheduler interval and lease be tuned, within bounds', () => {
    expect(parseConfig({}).scheduler).toEqual({ intervalMs: 60_000, leaseMs: 120_000 });
    expect(parseConfig({ SCHEDULER_INTERVAL_SECONDS: '5', SCHEDULER_LEASE_SECONDS: '30' }).scheduler).toEqual({ intervalMs: 5000, leaseMs: 30_000 });
    expect(problems({ SCHEDULER_LEASE_SECONDS: '1' })).toEqual([expect.stringMatching(/^SCHEDULER_LEASE_SECONDS: /)]);
  });

  it('bounds the answers recorded at once and how long a click may have waited, and refuses a bound out of range', () => {
    expect(parseConfig({}).admission).toEqual({ inFlight: 256, maxWaitMs: 2000 });
    expect(parseConfig({ ANSWERS_IN_FLIGHT: '200', ANSWER_MAX_WAIT_MS: '250' }).admission).toEqual({ inFlight: 200, maxWaitMs: 250 });
    expect(problems({ ANSWER_MAX_WAIT_MS: '0' })).toEqual([expect.stringMatching(/^ANSWER_MAX_WAIT_MS: .*\(expected milliseconds from 1 to 60000\)/)]);
    for (const wrong of ['0', '-3', '2.5', 'many', '20000']) {
      expect(problems({ ANSWERS_IN_FLIGHT: wrong }), wrong).toEqual([expect.stringMatching(/^ANSWERS_IN_FLIGHT: .*\(expected a whole number of answers from 1 to 10000\)/)]);
    }
  });
});
