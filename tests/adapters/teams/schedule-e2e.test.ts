/**
 * `@Thermometer schedule` end to end through POST /api/messages: any member sees the
 * next rounds with their open, close and reminder times in the network's time zone; in
 * the 1:1 chat the bot points to the network's channel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamsAdapter } from '../../../src/adapters/teams/index.ts';
import { parseConfig } from '../../../src/config.ts';
import type { Logger } from '../../../src/core/ports.ts';
import { startServer, type ServerHandle } from '../../../src/server.ts';
import { botAddedToTeam, mentionMessage, person, personalMessage, postActivity, scene, type Activity, type TeamsScene } from '../../fixtures/teams/activities.ts';
import { startFakeConnector, type FakeConnector } from '../../fixtures/teams/fake-connector.ts';
import { fixedClock } from '../../helpers/clock.ts';
import { setupValues } from '../../helpers/app.ts';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('schedule in Teams', () => {
  let connector: FakeConnector;
  let handle: ServerHandle;
  let dir: string;
  let s: TeamsScene;
  const coordinator = person(100, 'Fatima Yilmaz');
  const member = person(7);

  beforeAll(async () => {
    connector = await startFakeConnector({ region: 'emea' });
    s = scene({ serviceUrl: connector.serviceUrl });
    dir = mkdtempSync(join(tmpdir(), 'teams-schedule-'));
    const config = parseConfig({ DATABASE_PATH: join(dir, 'thermometer.db'), PORT: '0', LOG_LEVEL: 'error' });
    // Wednesday 4 March 2026, the day after a first Tuesday.
    handle = await startServer(config, { log: quiet, scheduler: false, clock: fixedClock('2026-03-04T10:00:00Z') });
  });
  afterAll(async () => {
    await handle?.close();
    await connector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function send(activity: Activity): Promise<void> {
    expect((await postActivity(handle.url, activity)).status).toBe(200);
    await (handle.deps.chat.get('teams') as TeamsAdapter).idle();
  }

  it('shows a member the next three rounds in the network time zone', async () => {
    await send(botAddedToTeam(s, coordinator));
    const channel = { platform: 'teams' as const, workspace: s.tenantId, channel: s.channelId, serviceUrl: connector.serviceUrl };
    const actor = { platform: 'teams' as const, workspace: s.tenantId, user: coordinator.aadObjectId };
    await handle.useCases.submitSetup(channel, actor, setupValues({ name: 'Kansrijk Opgroeien', language: 'en', timeZone: 'Europe/London' }), (await handle.useCases.setupForm(channel, actor)).context);
    const before = connector.posts.length;
    await send(mentionMessage(s, member, 'schedule'));
    const reply = await connector.waitFor(() => connector.posts.length > before && connector.posts.at(-1));
    expect(reply.conversationId.startsWith(s.channelId)).toBe(true);
    const text = JSON.stringify(reply.activity);
    expect(text).toContain('Schedule of Kansrijk Opgroeien');
    expect(text).toContain('in time zone Europe/London');
    // First Tuesdays at 09:00 London time; not yesterday's.
    expect(text).toContain('Tuesday 7 April at 09:00** until Tuesday 14 April at 09:00 · reminder Sunday 12 April at 09:00');
    expect(text).toContain('Tuesday 5 May at 09:00');
    expect(text).toContain('Tuesday 2 June at 09:00');
    expect(text).not.toContain('3 March');
  });

  it('in the 1:1 chat points to the network channel', async () => {
    const before = connector.posts.length;
    await send(personalMessage(s, member, 'schedule', 'a:1personal-chat-id'));
    const reply = await connector.waitFor(() => connector.posts.length > before && connector.posts.at(-1));
    expect(JSON.stringify(reply.activity)).toContain('@Thermometer schedule');
  });
});
