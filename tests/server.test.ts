/**
 * The server as operators see it: /healthz, local mode on loopback, the Teams endpoint
 * off when only Slack is configured, and short JSON answers (never a stack trace) for
 * unknown routes and broken bodies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { startServer, type ServerHandle } from '../src/server.ts';
import { startFakeSlackApi, type FakeSlackApi } from './fixtures/slack/fake-slack-api.ts';
import { quietLog, SIGNING_SECRET } from './fixtures/slack/slack-bot.ts';

const handles: ServerHandle[] = [];
const apis: FakeSlackApi[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.close();
  for (const a of apis.splice(0)) await a.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thermometer-server-'));
  dirs.push(dir);
  return join(dir, 'nested', 'bot.db');
}

async function start(env: Record<string, string>): Promise<ServerHandle> {
  const config = parseConfig({ PORT: '0', DATABASE_PATH: dbPath(), ...env });
  config.host = config.localMode ? config.host : '127.0.0.1';
  const handle = await startServer(config, { log: quietLog, scheduler: false });
  handles.push(handle);
  return handle;
}

describe('server', () => {
  it('in local mode listens on loopback only and answers /healthz', async () => {
    const handle = await start({});
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${handle.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', slack: false, teams: false, localMode: true });
  });

  it('accepts unauthenticated Teams activities in local mode, but not nonsense', async () => {
    const handle = await start({});
    const res = await fetch(`${handle.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": 42' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.text()).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('with only Slack configured has no Teams endpoint', async () => {
    const api = await startFakeSlackApi();
    apis.push(api);
    const handle = await start({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-1-test', SLACK_API_URL: api.apiUrl });
    const health = (await (await fetch(`${handle.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ slack: true, teams: false, localMode: false });
    const res = await fetch(`${handle.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
    expect(api.called('auth.test')).toHaveLength(1);
  });

  it('answers an unknown route with a short JSON 404', async () => {
    const handle = await start({});
    const res = await fetch(`${handle.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found' });
  });

  it('creates the database folder and applies migrations on start', async () => {
    const handle = await start({});
    expect(await handle.deps.store.networks.all()).toEqual([]);
  });
});
