/**
 * Who a member is to the bot, and what a new network starts with. A member is known by
 * platform, workspace and user id together (the same id in another workspace or on the
 * other platform is someone else); the display name never counts.
 */
import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from '../../src/core/errors.ts';
import { askedGroups, DEFAULT_SETTINGS, K_DEFAULT, K_MIN, sameUser, storedSettings, userKey, type UserRef } from '../../src/core/network.ts';
import { ChatError } from '../../src/core/ports.ts';

const jan: UserRef = { platform: 'slack', workspace: 'T1', user: 'U1' };

describe('members', () => {
  it('are keyed by platform, workspace and user', () => {
    expect(userKey(jan)).toBe('slack:T1:U1');
    expect(userKey({ platform: 'teams', workspace: 'tenant-a', user: 'aad-1', name: 'Jan' })).toBe('teams:tenant-a:aad-1');
  });

  it('are the same person only when all three agree, whatever their display name', () => {
    expect(sameUser(jan, { ...jan, name: 'Jan de Vries' })).toBe(true);
    expect(sameUser(jan, { ...jan, platform: 'teams' })).toBe(false);
    expect(sameUser(jan, { ...jan, workspace: 'T2' })).toBe(false);
    expect(sameUser(jan, { ...jan, user: 'U2' })).toBe(false);
  });
});

describe('a new network', () => {
  it('starts as DESIGN.md says: monthly in Dutch, Amsterdam time, seven days open, k = 5, comments on, nothing asked or sent beyond that', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      language: 'nl',
      instrument: 'thermometer',
      schedule: 'monthly',
      timeZone: 'Europe/Amsterdam',
      openDays: 7,
      k: K_DEFAULT,
      commentsEnabled: true,
      groupQuestions: 'none',
      dmReminders: false,
      retentionMonths: 24,
    });
    expect(K_DEFAULT).toBe(5);
    expect(DEFAULT_SETTINGS.k).toBeGreaterThanOrEqual(K_MIN);
    expect(DEFAULT_SETTINGS.name.trim()).not.toBe('');
  });
});

describe('group questions', () => {
  it('ask the domain, the tier, both or neither, as the network chose', () => {
    expect(askedGroups({ groupQuestions: 'none' })).toEqual({ domain: false, tier: false });
    expect(askedGroups({ groupQuestions: 'domain' })).toEqual({ domain: true, tier: false });
    expect(askedGroups({ groupQuestions: 'tier' })).toEqual({ domain: false, tier: true });
    expect(askedGroups({ groupQuestions: 'both' })).toEqual({ domain: true, tier: true });
  });
});

describe('stored settings', () => {
  it('fill in the defaults for what an older network did not store, and keep what it did', () => {
    expect(storedSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(storedSettings({ name: 'Zorgnetwerk Oost', k: 7, dmReminders: true })).toEqual({ ...DEFAULT_SETTINGS, name: 'Zorgnetwerk Oost', k: 7, dmReminders: true });
  });

  it('read the old single switch for domain and tier: on asks both, off or anything else asks neither', () => {
    expect(storedSettings({ askDomainLevel: true })).toEqual({ ...DEFAULT_SETTINGS, groupQuestions: 'both' });
    expect(storedSettings({ askDomainLevel: false })).toEqual({ ...DEFAULT_SETTINGS, groupQuestions: 'none' });
    expect(storedSettings({ askDomainLevel: 'true' }).groupQuestions).toBe('none');
    expect(storedSettings({ askDomainLevel: true })).not.toHaveProperty('askDomainLevel');
  });

  it('prefer the group questions chosen since over the old switch', () => {
    expect(storedSettings({ askDomainLevel: true, groupQuestions: 'tier' }).groupQuestions).toBe('tier');
    expect(storedSettings({ askDomainLevel: false, groupQuestions: 'domain' }).groupQuestions).toBe('domain');
  });
});

describe('errors', () => {
  it('carry a typed code and parameters, and say what they are', () => {
    const error = new DomainError('comment_too_long', { max: 1000 });
    expect(error).toMatchObject({ name: 'DomainError', code: 'comment_too_long', params: { max: 1000 }, message: 'comment_too_long' });
    expect(new DomainError('round_not_open').params).toEqual({});
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(new Error('comment_too_long'))).toBe(false);
    expect(isDomainError({ code: 'comment_too_long' })).toBe(false);
    expect(new ChatError('too_large', 'msg_too_long')).toMatchObject({ name: 'ChatError', reason: 'too_large', message: 'msg_too_long' });
  });
});
