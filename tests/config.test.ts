import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5'.replace(/[yz]/g, 'a');
const slack = { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-1-2-abc' };
const teams = { TEAMS_APP_ID: '00000000-0000-0000-0000-0000000000aa', TEAMS_APP_PASSWORD: 'secret' };

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
    expect(config.slack).toEqual({ signingSecret: SECRET, botToken: 'xoxb-1-2-abc', apiUrl: 'http://127.0.0.1:9/api/' });
    expect(config.teams).toBeUndefined();
  });

  it('enables Teams with app id and password', () => {
    const config = parseConfig({ ...teams, TEAMS_TENANT_ID: '11111111-2222-3333-4444-555555555555' });
    expect(config.localMode).toBe(false);
    expect(config.teams?.tenantId).toBe('11111111-2222-3333-4444-555555555555');
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
    [{ ...slack, SLACK_API_URL: 'http://127.0.0.1:9/' }, 'SLACK_API_URL'],
    [{ TEAMS_APP_ID: 'my-bot' }, 'TEAMS_APP_ID'],
    [{ TEAMS_APP_ID: teams.TEAMS_APP_ID }, 'TEAMS_APP_PASSWORD'],
    [{ TEAMS_APP_PASSWORD: 'x' }, 'TEAMS_APP_ID'],
    [{ ...teams, TEAMS_TENANT_ID: 'contoso' }, 'TEAMS_TENANT_ID'],
  ])('names the variable in its problem: %o', (env, variable) => {
    const found = problems(env);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${variable}: `));
  });

  it('lists every problem at once, one line per variable', () => {
    const found = problems({ PORT: 'x', LOG_LEVEL: 'loud', TEAMS_APP_ID: 'nope' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT', 'TEAMS_APP_ID']);
  });
});
