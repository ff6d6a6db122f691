/**
 * Setup refuses schedules whose rounds would overlap, saying which two fields clash and
 * what would fit; `/thermometer schedule` shows anyone the next rounds in the network's
 * time zone, and the round open now.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import type { FormValues } from '../../src/core/message.ts';
import { createTestApp, setupValues, type TestApp } from '../helpers/app.ts';
import { messageText } from '../helpers/fake-chat.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

async function refusal(values: FormValues): Promise<DomainError> {
  try {
    await app.useCases.submitSetup(app.channel, app.coordinator, setupValues(values), (await app.useCases.setupForm(app.channel, app.coordinator)).context);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('setup was accepted');
}

describe('setup refuses overlapping schedules', () => {
  it('daily rounds open a week: names both fields, offers the one day that fits, creates nothing', async () => {
    app = createTestApp();
    const error = await refusal({ schedule: 'custom', cron: '0 9 * * *', openDays: 7 });
    expect(error.code).toBe('schedule_overlaps');
    expect(error.params).toMatchObject({ field: 'openDays', maxOpenDays: 1, openDays: 7 });
    const nl = app.useCases.errorMessage(error, 'nl').text;
    expect(nl).toContain('Eigen planning (cron) en ');
    expect(nl).toContain('Dagen open');
    expect(nl).toContain('hoogstens 1');
    const en = app.useCases.errorMessage(error, 'en').text;
    expect(en).toContain('Days open do not fit');
    expect(en).toContain('at most 1');
    // Slack shows a field error of at most 150 characters inside the modal.
    expect(nl.length).toBeLessThanOrEqual(150);
    expect(en.length).toBeLessThanOrEqual(150);
    expect(await app.useCases.networkFor(app.channel)).toBeUndefined();
  });

  it('Mondays and Thursdays: the shortest gap (three days) decides', async () => {
    app = createTestApp();
    expect((await refusal({ schedule: 'custom', cron: '0 9 * * 1,4', openDays: 4 })).params).toMatchObject({ maxOpenDays: 3 });
  });

  it('runs less than a day apart: points at the schedule itself', async () => {
    app = createTestApp();
    const error = await refusal({ schedule: 'custom', cron: '0 */6 * * *', openDays: 1 });
    expect(error.params).toMatchObject({ field: 'cron', maxOpenDays: 0 });
    const nl = app.useCases.errorMessage(error, 'nl').text;
    expect(nl).toContain('Eigen planning (cron) en ');
    expect(nl).toContain('minder dan een dag');
    expect(nl.length).toBeLessThanOrEqual(150);
  });

  it('keeps the settings of an existing network when an edit is refused', async () => {
    app = createTestApp();
    await app.setup();
    expect((await refusal({ schedule: 'custom', cron: '0 9 * * 2,5', openDays: 7 })).params).toMatchObject({ maxOpenDays: 3 });
    expect((await app.useCases.networkFor(app.channel))?.settings).toMatchObject({ schedule: 'monthly', openDays: 7 });
  });

  it('accepts what fits exactly: weekly rounds open a full week (also across summer time), presets open 28 days', async () => {
    app = createTestApp();
    await app.setup({ schedule: 'custom', cron: '0 9 * * 2', openDays: 7 });
    for (const schedule of ['monthly', 'four-weekly', 'quarterly']) {
      await app.useCases.submitSetup(app.channel, app.coordinator, setupValues({ schedule, openDays: 28 }), (await app.useCases.setupForm(app.channel, app.coordinator)).context);
      expect((await app.useCases.networkFor(app.channel))?.settings).toMatchObject({ schedule, openDays: 28 });
    }
  });
});

describe('/thermometer schedule', () => {
  it('shows anyone the next three rounds with open, close and reminder times in the network time zone', async () => {
    app = createTestApp();
    app.clock.set('2026-03-01T12:00:00Z');
    await app.setup();
    const text = messageText(await app.useCases.schedule(app.channel));
    expect(text).toContain('Planning van Kindcentrum Oost');
    expect(text).toContain('Maandelijks (eerste dinsdag, 09:00), in tijdzone Europe/Amsterdam. Een ronde staat 7 dagen open.');
    const lines = text.split('\n').filter((l) => l.startsWith('• '));
    expect(lines).toEqual([
      '• *dinsdag 3 maart om 09:00* tot dinsdag 10 maart om 09:00 · herinnering zondag 8 maart om 09:00',
      '• *dinsdag 7 april om 09:00* tot dinsdag 14 april om 09:00 · herinnering zondag 12 april om 09:00',
      '• *dinsdag 5 mei om 09:00* tot dinsdag 12 mei om 09:00 · herinnering zondag 10 mei om 09:00',
    ]);
  });

  it('speaks the network language and time zone', async () => {
    app = createTestApp();
    app.clock.set('2026-03-01T12:00:00Z');
    await app.setup({ language: 'en', timeZone: 'America/New_York', schedule: 'custom', cron: '30 8 * * 1', openDays: 3 });
    const text = messageText(await app.useCases.schedule(app.channel));
    expect(text).toContain('in time zone America/New_York');
    // 3 days open with a 48-hour reminder: one day after opening, the halfway point and later.
    expect(text).toContain('• *Monday 2 March at 08:30* until Thursday 5 March at 08:30 · reminder Tuesday 3 March at 20:30');
  });

  it('shows the round open now, and leaves out a run that falls while it is still open', async () => {
    app = createTestApp();
    app.clock.set('2026-03-01T12:00:00Z');
    await app.setup();
    await app.useCases.openRoundNow(app.channel, app.coordinator);
    const text = messageText(await app.useCases.schedule(app.channel));
    expect(text).toContain('Er loopt nu een ronde; die sluit zondag 8 maart om 13:00 (herinnering vrijdag 6 maart om 13:00).');
    // 3 March falls inside the open round: the scheduler skips it, so the list does too.
    expect(text).not.toContain('dinsdag 3 maart');
    expect(text.split('\n').filter((l) => l.startsWith('• '))[0]).toContain('dinsdag 7 april om 09:00');
  });

  it('says plainly when the channel has no network yet', async () => {
    app = createTestApp();
    await expect(app.useCases.schedule(app.channel)).rejects.toMatchObject({ code: 'network_not_found' });
  });

  it('is listed in help for everyone', async () => {
    app = createTestApp();
    const help = messageText(await app.useCases.help(app.channel));
    const everyone = help.slice(help.indexOf('Voor iedereen'), help.indexOf('Voor coördinatoren'));
    expect(everyone).toContain('/thermometer schedule');
  });
});
