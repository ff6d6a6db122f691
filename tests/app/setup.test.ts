import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import type { Field } from '../../src/core/message.ts';
import { createTestApp, setupValues, type TestApp } from '../helpers/app.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const fieldError = async (fn: () => Promise<unknown>): Promise<string | undefined> => {
  try {
    await fn();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invalid_settings') return String(error.params.field);
    throw error;
  }
  return undefined;
};

describe('setup', () => {
  it('offers a form with defaults before setup, and makes the one who submits a coordinator', async () => {
    app = createTestApp();
    const form = await app.useCases.setupForm(app.channel, app.coordinator);
    const byId = new Map(form.fields.map((f): [string, Field] => [f.id, f]));
    expect([...byId.keys()]).toEqual(['name', 'language', 'instrument', 'schedule', 'cron', 'timeZone', 'openDays', 'k', 'commentsEnabled', 'askDomainLevel', 'dmReminders', 'coordinators']);
    expect(byId.get('timeZone')).toMatchObject({ initial: 'Europe/Amsterdam' });
    expect(byId.get('k')).toMatchObject({ kind: 'number', initial: 5, min: 3, max: 20 });
    expect(byId.get('coordinators')).toMatchObject({ kind: 'users', initial: [app.coordinator.user] });
    expect(byId.get('schedule')).toMatchObject({ initial: 'monthly' });

    const { network, confirmation } = await app.useCases.submitSetup(app.channel, app.coordinator, setupValues({ name: 'Jeugdnetwerk Noord', coordinators: ['U0SECOND'] }));
    expect(network.settings.name).toBe('Jeugdnetwerk Noord');
    expect(confirmation.text).toContain('Jeugdnetwerk Noord');
    expect((await app.useCases.requireCoordinator(app.channel, app.coordinator)).id).toBe(network.id);
    expect((await app.useCases.requireCoordinator(app.channel, { ...app.coordinator, user: 'U0SECOND' })).id).toBe(network.id);
  });

  it('edits the settings on a second submit and replans the scheduled rounds', async () => {
    app = createTestApp();
    await app.setup();
    const network = (await app.useCases.networkFor(app.channel))!;
    await app.useCases.scheduleRound(network.id, new Date('2026-04-07T07:00:00Z'));
    expect(await app.store.rounds.scheduledFor(network.id)).toHaveLength(1);
    const { network: edited } = await app.useCases.submitSetup(app.channel, app.coordinator, setupValues({ k: 7, language: 'en', coordinators: [] }));
    expect(edited.id).toBe(network.id);
    expect(edited.settings).toMatchObject({ k: 7, language: 'en' });
    expect(await app.store.rounds.scheduledFor(network.id)).toHaveLength(0);
    // Removing yourself from the list does not lock you out.
    expect((await app.useCases.requireCoordinator(app.channel, app.coordinator)).id).toBe(network.id);
    expect(await app.useCases.languageFor(app.channel)).toBe('en');
  });

  it('names the field of each bad value', async () => {
    app = createTestApp();
    const submit = (values: Record<string, unknown>) => () => app.useCases.submitSetup(app.channel, app.coordinator, setupValues(values as never));
    expect(await fieldError(submit({ k: 2 }))).toBe('k');
    expect(await fieldError(submit({ k: 21 }))).toBe('k');
    expect(await fieldError(submit({ k: 'vijf' }))).toBe('k');
    expect(await fieldError(submit({ timeZone: 'Europe/Atlantis' }))).toBe('timeZone');
    expect(await fieldError(submit({ instrument: 'no-such-instrument' }))).toBe('instrument');
    expect(await fieldError(submit({ language: 'de' }))).toBe('language');
    expect(await fieldError(submit({ schedule: 'custom', cron: '99 9 * * *' }))).toBe('cron');
    expect(await fieldError(submit({ schedule: 'custom' }))).toBe('cron');
    expect(await fieldError(submit({ openDays: 0 }))).toBe('openDays');
    expect(await fieldError(submit({ name: ' ' }))).toBe('name');
    expect(await fieldError(submit({ name: 'x'.repeat(81) }))).toBe('name');
    // Nothing was created by the failures.
    expect(await app.useCases.networkFor(app.channel)).toBeUndefined();
  });

  it('accepts a custom cron and strings for numbers and toggles, as platforms send them', async () => {
    app = createTestApp();
    const { network } = await app.useCases.submitSetup(app.channel, app.coordinator, setupValues({ schedule: 'custom', cron: '0 9  * * 2', k: '6', commentsEnabled: 'false', askDomainLevel: 'true' }));
    expect(network.settings).toMatchObject({ schedule: '0 9 * * 2', k: 6, commentsEnabled: false, askDomainLevel: true });
  });

  it('lists the next planned rounds when the scheduler gives them', async () => {
    const runs = [new Date('2026-04-07T07:00:00Z'), new Date('2026-05-05T07:00:00Z'), new Date('2026-06-02T07:00:00Z')];
    app = createTestApp({ deps: { plannedRuns: () => runs } });
    const { confirmation } = await app.useCases.submitSetup(app.channel, app.coordinator, setupValues());
    const text = JSON.stringify(confirmation);
    expect(text).toContain('dinsdag 7 april om 09:00');
    expect(text).toContain('dinsdag 2 juni om 09:00');
  });

  it('remembers a channel before setup and forgets it when the bot leaves', async () => {
    app = createTestApp({ platform: 'teams' });
    await app.useCases.rememberChannel(app.channel);
    expect(await app.store.bindings.find(app.channel)).toMatchObject({ networkId: null, serviceUrl: app.channel.serviceUrl });
    expect(await app.useCases.networkFor(app.channel)).toBeUndefined();
    await app.setup();
    expect(await app.useCases.networkFor(app.channel)).toBeDefined();
    await app.useCases.forgetChannel(app.channel);
    expect(await app.useCases.networkFor(app.channel)).toBeUndefined();
  });

  it('names Teams coordinators by the display name they acted with', async () => {
    app = createTestApp({ platform: 'teams' });
    await app.useCases.submitSetup(app.channel, { ...app.coordinator, name: 'Fatima de Vries' }, setupValues());
    try {
      await app.useCases.requireCoordinator(app.channel, { ...app.coordinator, user: 'aad-someone-else' });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).params.names).toBe('Fatima de Vries');
    }
  });
});
