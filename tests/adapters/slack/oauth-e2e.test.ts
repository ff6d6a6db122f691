/**
 * Slack for many workspaces, end to end through the real server and Bolt's OAuth: a
 * browser goes to /slack/install, Slack's authorisation page (the fake Web API) sends it
 * back to /slack/oauth_redirect with a code and the state, and the bot exchanges the code
 * with oauth.v2.access and keeps the installation, sealed, in its database. Requests of a
 * workspace are then handled with that workspace's token; an uninstall or a revoked
 * token removes the installation, after which the workspace's requests are acknowledged
 * (Bolt answers Slack 200) and do nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_BOT_SCOPES } from '../../../src/adapters/slack/index.ts';
import { CLIENT, PUBLIC_BASE_URL, startMultiOrgBot, type MultiOrgBot } from '../../fixtures/multi-org-bot.ts';

const A = { id: 'T0AAAAAAA', name: 'Gemeente Oost' };
const B = { id: 'T0BBBBBBB', name: 'Stichting Kindwijs' };
/** A third workspace that keeps the app throughout. */
const C = { id: 'T0CCCCCCC', name: 'Jeugdzorg Noord' };

describe('Slack OAuth: install, uninstall, revoke', () => {
  let bot: MultiOrgBot;
  /** A command from a workspace the app is not (or no longer) in: nothing answers it, nothing is called. */
  const ignored = async (team: string): Promise<void> => {
    const calls = bot.slack.calls.length;
    const lost = await bot.command(team, 'C0X', 'U0X', 'help');
    expect(lost.status).toBe(200);
    // A command in a workspace that has the app, after it: once that is answered, the first was handled too.
    const other = bot.slack.installs.find((i) => i.team.id === C.id) ? C.id : undefined;
    if (other) {
      const seen = await bot.command(other, 'C0C', 'U0C', 'help');
      await bot.until(() => bot.repliesTo(seen.responseId).length > 0, 'the reply in the other workspace');
    } else {
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(bot.repliesTo(lost.responseId)).toEqual([]);
    expect(bot.slack.calls.slice(calls).every((c) => bot.slack.workspaceOf(c) !== team)).toBe(true);
  };
  beforeAll(async () => {
    bot = await startMultiOrgBot({ SECRETS_KEY: 'a-secret-of-at-least-thirty-two-characters-long' });
  });
  afterAll(() => bot?.close());

  const installation = (team: string) => bot.handle.deps.store.installations.find('slack', `team:${team}`);

  it('sends people to Slack with the client id, the scopes of the manifest, the redirect URL and a signed state', async () => {
    const res = await fetch(`${bot.handle.url}/slack/install`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location') ?? '');
    expect(`${to.origin}${to.pathname}`).toBe(bot.slack.authorizeUrl);
    expect(to.searchParams.get('client_id')).toBe(CLIENT.clientId);
    expect(to.searchParams.get('scope')?.split(',').sort()).toEqual([...SLACK_BOT_SCOPES].sort());
    expect(to.searchParams.get('redirect_uri')).toBe(`${PUBLIC_BASE_URL}/slack/oauth_redirect`);
    const state = to.searchParams.get('state') ?? '';
    expect(state.length).toBeGreaterThan(20);
    // The same state goes into a cookie of this browser: the redirect must come back with both.
    expect(res.headers.getSetCookie().join(';')).toContain(state);
  });

  it('completes an install: oauth.v2.access with the code, the installation sealed in the database, a page saying what next', async () => {
    const { response } = await bot.install({ ...A, installer: 'U0INSTALL' });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('De Thermometer is geïnstalleerd');
    expect(page).toContain('Gemeente Oost');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const exchange = bot.slack.called('oauth.v2.access');
    expect(exchange).toHaveLength(1);
    expect(exchange[0]!.args).toMatchObject({ client_id: CLIENT.clientId, client_secret: '(given)', redirect_uri: `${PUBLIC_BASE_URL}/slack/oauth_redirect` });
    const stored = await installation(A.id);
    expect(stored?.sealed.startsWith('v1.')).toBe(true);
    const token = bot.slack.installs.at(-1)!.botToken;
    const bytes = readFileSync(bot.dbPath).toString('latin1') + readFileSync(`${bot.dbPath}-wal`).toString('latin1');
    expect(bytes).not.toContain(token);
    expect(bytes).not.toContain(token.split('-').at(-1));
  });

  it('refuses a return without the state cookie, and a replayed return, installing nothing', async () => {
    const before = bot.slack.installs.length;
    const noCookie = await bot.install(B, { withCookie: false });
    expect(noCookie.response.status).toBe(400);
    expect(await noCookie.response.text()).toContain('niet gelukt');
    expect(await installation(B.id)).toBeUndefined();
    // The code was never exchanged: the state check comes first.
    expect(bot.slack.installs).toHaveLength(before);

    const start = await fetch(`${bot.handle.url}/slack/install`, { redirect: 'manual' });
    const cookie = start.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    bot.slack.nextInstallInto(B);
    const back = new URL((await fetch(start.headers.get('location') ?? '', { redirect: 'manual' })).headers.get('location') ?? '');
    const local = new URL(`${back.pathname}${back.search}`, bot.handle.url);
    expect((await fetch(local, { redirect: 'manual', headers: { cookie } })).status).toBe(200);
    const replay = await fetch(local, { redirect: 'manual', headers: { cookie } });
    expect(replay.status).toBe(400);
    expect(bot.slack.installs.filter((i) => i.team.id === B.id)).toHaveLength(1);
  });

  it('handles each workspace with its own token, and nothing of a workspace where it is not installed', async () => {
    expect((await bot.install(C)).response.status).toBe(200);
    const tokenA = bot.slack.installs.find((i) => i.team.id === A.id)!.botToken;
    const setup = await bot.command(A.id, 'C0OOST', 'U0A1', 'setup');
    expect(setup.status).toBe(200);
    await bot.until(() => bot.slack.called('views.open').length > 0, 'the setup modal in workspace A');
    expect(bot.slack.called('views.open').at(-1)!.token).toBe(tokenA);
    await ignored('T0NOWHERE');
  });

  it('removes the installation when the bot token is revoked; the workspace is refused from then on', async () => {
    expect(await installation(A.id)).toBeDefined();
    // A revoked user token changes nothing: the bot keeps none.
    expect(await bot.event(A.id, { type: 'tokens_revoked', tokens: { oauth: ['U0INSTALL'] } })).toBe(200);
    const still = await bot.command(A.id, 'C0OOST', 'U0A1', 'help');
    await bot.until(() => bot.repliesTo(still.responseId).length > 0, 'workspace A still answered');
    expect(await installation(A.id)).toBeDefined();
    expect(await bot.event(A.id, { type: 'tokens_revoked', tokens: { oauth: ['U0INSTALL'], bot: ['U0BOT1'] } })).toBe(200);
    await bot.until(async () => (await installation(A.id)) === undefined, 'the installation to go');
    await ignored(A.id);
  });

  it('removes the installation and lets the workspace\'s channels stop when the app is uninstalled', async () => {
    // B sets up a network in one of its channels first.
    const modals = bot.slack.called('views.open').length;
    await bot.command(B.id, 'C0KIND', 'U0B1', 'setup');
    await bot.until(() => bot.slack.called('views.open').length > modals, 'the setup modal in workspace B');
    expect(await bot.submitModal(bot.slack.called('views.open').at(-1)!, 'U0B1', { name: 'Kindwijs' }, { team: B.id })).toBe(200);
    const channel = { platform: 'slack' as const, workspace: B.id, channel: 'C0KIND' };
    await bot.until(async () => (await bot.handle.useCases.networkFor(channel)) !== undefined, 'the network of B');
    expect(await bot.event(B.id, { type: 'app_uninstalled' })).toBe(200);
    await bot.until(async () => (await installation(B.id)) === undefined, 'the installation of B to go');
    await bot.until(async () => (await bot.handle.useCases.networkFor(channel)) === undefined, 'the channel of B to stop');
    await ignored(B.id);
    // The other workspaces keep theirs.
    expect(await installation(C.id)).toBeDefined();
  });
});
