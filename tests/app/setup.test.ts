import { afterEach, describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode } from '../../src/core/errors.ts';
import { textSegments } from '../../src/core/inert-text.ts';
import type { Field } from '../../src/core/message.ts';
import { createTestApp, setupValues, type TestApp } from '../helpers/app.ts';

async function expectCode(work: () => unknown, code: ErrorCode): Promise<void> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    return;
  }
  expect.unreachable(`expected DomainError ${code}`);
}

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
    expect([...byId.keys()]).toEqual(['name', 'language', 'instrument', 'schedule', 'cron', 'timeZone', 'timeZoneOther', 'openDays', 'k', 'commentsEnabled', 'groupQuestions', 'dmReminders', 'coordinators']);
    expect(byId.get('timeZone')).toMatchObject({ initial: 'Europe/Amsterdam' });
    expect(byId.get('k')).toMatchObject({ kind: 'number', initial: 5, min: 3, max: 20 });
    expect(byId.get('coordinators')).toMatchObject({ kind: 'users', initial: [app.coordinator.user] });
    expect(byId.get('schedule')).toMatchObject({ initial: 'monthly' });

    const { network, confirmation } = await app.useCases.submitSetup(app.channel, app.coordinator, setupValues({ name: 'Jeugdnetwerk Noord', coordinators: ['U0SECOND'] }), (await app.useCases.setupForm(app.channel, app.coordinator)).context);
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
    const { network: edited } = await app.useCases.submitSetup(app.channel, app.coordinator, setupValues({ k: 7, language: 'en', coordinators: [] }), (await app.useCases.setupForm(app.channel, app.coordinator)).context);
    expect(edited.id).toBe(network.id);
    expect(edited.settings).toMatchObject({ k: 7, language: 'en' });
    expect(await app.store.rounds.scheduledFor(network.id)).toHaveLength(0);
    // Removing yourself from the list does not lock you out.
    expect((await app.useCases.requireCoordinator(app.channel, app.coordinator)).id).toBe(network.id);
    expect(await app.useCases.languageFor(app.channel)).toBe('en');
  });

  it('names the field of each bad value', async () => {
    app = createTestApp();
    const submit = (values: Record<string, unknown>) => async () => app.useCases.submitSetup(app.channel, app.coordinator, setupValues(values as never), (await app.useCases.setupForm(app.channel, app.coordinator)).context);
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
    const { network } = await app.useCases.submitSetup(app.channel, app.coordinator, setupValues({ schedule: 'custom', cron: '0 9  * * 2', k: '6', commentsEnabled: 'false', groupQuestions: 'both' }), (await app.useCases.setupForm(app.channel, app.coordinator)).context);
    expect(network.settings).toMatchObject({ schedule: '0 9 * * 2', k: 6, commentsEnabled: false, groupQuestions: 'both' });
  });

  it('lists the next planned rounds when the scheduler gives them', async () => {
    const runs = [new Date('2026-04-07T07:00:00Z'), new Date('2026-05-05T07:00:00Z'), new Date('2026-06-02T07:00:00Z')];
    app = createTestApp({ deps: { plannedRuns: () => runs } });
    const { confirmation } = await app.useCases.submitSetup(app.channel, app.coordinator, setupValues(), (await app.useCases.setupForm(app.channel, app.coordinator)).context);
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

  it('takes a first setup only from the person who asked for that form, in that channel', async () => {
    app = createTestApp();
    const asked = await app.useCases.setupForm(app.channel, app.coordinator);
    const [member] = app.voters(1);
    const elsewhere = { ...app.channel, channel: 'C0OTHER' };
    await expectCode(() => app.useCases.submitSetup(app.channel, member!, setupValues({ name: 'Overgenomen' }), asked.context), 'setup_not_requested');
    await expectCode(() => app.useCases.submitSetup(app.channel, member!, setupValues({ name: 'Overgenomen' }), ''), 'setup_not_requested');
    await expectCode(() => app.useCases.submitSetup(elsewhere, app.coordinator, setupValues({ name: 'Ergens anders' }), asked.context), 'setup_not_requested');
    expect(await app.useCases.networkFor(app.channel)).toBeUndefined();
    const { network } = await app.useCases.submitSetup(app.channel, app.coordinator, setupValues({ name: 'Jeugdnetwerk' }), asked.context);
    expect(await app.store.coordinators.includes(network.id, app.coordinator)).toBe(true);
    expect(await app.store.coordinators.includes(network.id, member!)).toBe(false);
    // The claim names nobody: it is not the person's id in any form.
    expect(asked.context).not.toContain(app.coordinator.user);
  });

  it('names Teams coordinators by the display name they acted with', async () => {
    app = createTestApp({ platform: 'teams' });
    const named = { ...app.coordinator, name: 'Fatima de Vries' };
    await app.useCases.submitSetup(app.channel, named, setupValues(), (await app.useCases.setupForm(app.channel, named)).context);
    try {
      await app.useCases.requireCoordinator(app.channel, { ...app.coordinator, user: 'aad-someone-else' });
      expect.unreachable();
    } catch (error) {
      // A display name is typed text: it reaches the message marked inert.
      expect(textSegments(String((error as DomainError).params.names))).toEqual([{ text: 'Fatima de Vries', inert: true }]);
    }
  });
});
