/**
 * Teams in Teams words, end to end: before setup an English-speaking person gets the
 * help in English; every command a card mentions is said as `@Thermometer …`, never as
 * Slack's `/thermometer …`; and an error shown as a toast carries no markup.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamsAdapter } from '../../../src/adapters/teams/index.ts';
import { parseConfig } from '../../../src/config.ts';
import type { Logger } from '../../../src/core/ports.ts';
import { startServer, type ServerHandle } from '../../../src/server.ts';
import { botAddedToTeam, cardAction, mentionMessage, person, postActivity, scene, type Activity, type TeamsScene } from '../../fixtures/teams/activities.ts';
import { startFakeConnector, type FakeConnector } from '../../fixtures/teams/fake-connector.ts';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('Teams in Teams words', () => {
  let connector: FakeConnector;
  let handle: ServerHandle;
  let dir: string;
  let s: TeamsScene;
  const someone = person(7, 'Sam Jones');

  beforeAll(async () => {
    connector = await startFakeConnector();
    s = scene({ serviceUrl: connector.serviceUrl });
    dir = mkdtempSync(join(tmpdir(), 'teams-words-'));
    handle = await startServer(parseConfig({ DATABASE_PATH: join(dir, 'thermometer.db'), PORT: '0', LOG_LEVEL: 'error' }), { log: quiet, scheduler: false });
  });
  afterAll(async () => {
    await handle?.close();
    await connector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function send(activity: Activity) {
    const result = await postActivity(handle.url, activity);
    await (handle.deps.chat.get('teams') as TeamsAdapter).idle();
    return result;
  }
  const lastCard = (): string => JSON.stringify(connector.cards(s.channelId).at(-1));

  it('answers an English-speaking person in English before setup, and names commands as @Thermometer', async () => {
    await send(botAddedToTeam(s, someone));
    await send(mentionMessage(s, someone, 'help', { locale: 'en-US' }));
    const help = lastCard();
    expect(help).toContain('A short, anonymous round on how your network works together');
    expect(help).toContain('@Thermometer setup');
    expect(help).not.toContain('/thermometer');
    await send(mentionMessage(s, someone, 'help', { locale: 'nl-NL' }));
    expect(lastCard()).toContain('Een korte, anonieme ronde');
  });

  it('tells a Teams user to type @Thermometer setup, not /thermometer setup', async () => {
    await send(mentionMessage(s, someone, 'now', { locale: 'nl-NL' }));
    const reply = lastCard();
    expect(reply).toContain('@Thermometer setup');
    expect(reply).not.toContain('/thermometer');
  });

  it('shows an error toast as plain text: the field named without markup', async () => {
    await send(mentionMessage(s, someone, 'setup', { locale: 'nl-NL' }));
    // The form comes privately, in answer to the offer's button.
    const offer = connector.cards(s.channelId).at(-1)!;
    const ask = (offer.body.find((e) => e.type === 'ActionSet') as { actions: { verb: string; data: Record<string, unknown> }[] }).actions[0]!;
    const form = ((await send(cardAction(s, someone, ask.verb, ask.data))).body as { value: typeof offer }).value;
    const submit = (form.body.filter((e) => e.type === 'ActionSet').at(-1) as { actions: { verb: string; data: Record<string, unknown> }[] }).actions[0]!;
    const result = await send(cardAction(s, someone, submit.verb, { ...submit.data, name: 'Oost', timeZone: 'Mars/Olympus' }));
    const toast = (result.body as { value: string }).value;
    expect(toast).toContain('Tijdzone');
    expect(toast).not.toMatch(/\*|\/thermometer/);
  });
});
