/**
 * A network and its settings: who it is, what a round asks, when rounds happen and how
 * strictly results are hidden. Pure data and validation, no I/O.
 */

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Seed 000, horizontal connection. */
export const DOMAINS = ['education', 'municipality', 'youth-care', 'childcare', 'health-care', 'other'] as const;
export type Domain = (typeof DOMAINS)[number];

/** Seed 000, vertical connection. */
export const ORG_LEVELS = ['board', 'management', 'execution'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** Schedule presets; anything else is a five-field cron expression. */
export const SCHEDULE_PRESETS = ['monthly', 'four-weekly', 'quarterly'] as const;
export type SchedulePreset = (typeof SCHEDULE_PRESETS)[number];

/**
 * Which group questions the answer form asks: the respondent's domain, their tier, both or
 * neither. The channel needs no question: it is known from where someone answers, and is
 * a group dimension as soon as a network has several channels.
 */
export const GROUP_QUESTIONS = ['none', 'domain', 'tier', 'both'] as const;
export type GroupQuestions = (typeof GROUP_QUESTIONS)[number];

export const K_MIN = 3;
export const K_MAX = 20;
export const K_DEFAULT = 5;

export interface NetworkSettings {
  name: string;
  language: Language;
  /** Instrument id from content (`thermometer`, `common-eye`, …). */
  instrument: string;
  /** A preset name or a five-field cron expression, read in `timeZone`. */
  schedule: string;
  timeZone: string;
  /** How many days a round stays open. */
  openDays: number;
  /** Hours before close at which the channel reminder goes out (0 = none). */
  reminderHoursBeforeClose: number;
  /** Anonymity threshold: results only from k answers on. */
  k: number;
  commentsEnabled: boolean;
  /** Which of domain and tier the answer form asks (see GROUP_QUESTIONS). */
  groupQuestions: GroupQuestions;
  /** Direct-message reminders to members who have not answered (off by default). */
  dmReminders: boolean;
  retentionMonths: number;
}

export const DEFAULT_SETTINGS: NetworkSettings = {
  name: 'Netwerk',
  language: 'nl',
  instrument: 'thermometer',
  schedule: 'monthly',
  timeZone: 'Europe/Amsterdam',
  openDays: 7,
  reminderHoursBeforeClose: 48,
  k: K_DEFAULT,
  commentsEnabled: true,
  groupQuestions: 'none',
  dmReminders: false,
  retentionMonths: 24,
};

/** Whether the answer form asks for the domain and for the tier. */
export function askedGroups(settings: Pick<NetworkSettings, 'groupQuestions'>): { domain: boolean; tier: boolean } {
  const q = settings.groupQuestions;
  return { domain: q === 'domain' || q === 'both', tier: q === 'tier' || q === 'both' };
}

/**
 * Settings as stored, over the defaults: a setting added later gets its default for older
 * networks, and the one boolean that asked for domain and tier together
 * (`askDomainLevel`, before the choice of group questions) keeps its meaning — true asks both.
 */
export function storedSettings(stored: Partial<NetworkSettings> & { askDomainLevel?: unknown }): NetworkSettings {
  const { askDomainLevel, ...rest } = stored;
  const groupQuestions: GroupQuestions = rest.groupQuestions ?? (askDomainLevel === true ? 'both' : 'none');
  return { ...DEFAULT_SETTINGS, ...rest, groupQuestions };
}

export interface Network {
  id: string;
  settings: NetworkSettings;
  createdAt: Date;
  /** When the settings were last changed, so the schedule re-plans from then; absent: at creation. */
  scheduleChangedAt?: Date;
}

export type Platform = 'slack' | 'teams';

/** Where a network lives on a platform. A network may have several. */
export interface ChannelRef {
  platform: Platform;
  /** Slack team id, or Teams tenant id. */
  workspace: string;
  /** Slack channel id, or Teams conversation id. */
  channel: string;
}

export interface ChannelBinding extends ChannelRef {
  networkId: string;
  /** Teams: the (regional) service URL to post to. Empty for Slack. */
  serviceUrl: string;
  /**
   * The channel's random key, given when the bot first knows the channel: what an answer
   * records as its channel (a group dimension), never a platform id.
   */
  key?: string;
  /** How results name the channel as a group; typed by a coordinator, so shown inert. */
  label?: string;
  /** The language of what the bot posts here; absent: the network's. */
  language?: Language;
}

export interface UserRef {
  platform: Platform;
  workspace: string;
  /** Slack user id, or Entra (AAD) object id in Teams. */
  user: string;
  /**
   * Display name, when the platform gives one with the event (Teams). Only ever stored
   * for coordinators, so a refusal can say who they are; never next to an answer.
   */
  name?: string;
}

export function userKey(user: UserRef): string {
  return `${user.platform}:${user.workspace}:${user.user}`;
}

export function sameUser(a: UserRef, b: UserRef): boolean {
  return userKey(a) === userKey(b);
}
