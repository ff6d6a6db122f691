/**
 * Reads a submitted setup form (untrusted: whatever the platform sent) into network
 * settings. Each bad value becomes DomainError('invalid_settings', { field }) naming
 * the first wrong field, so the reply can say exactly what to fix.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import type { Content } from '../content/load.ts';
import { DomainError } from '../core/errors.ts';
import type { FormValues } from '../core/message.ts';
import { GROUP_QUESTIONS, K_MAX, K_MIN, LANGUAGES, SCHEDULE_PRESETS, type NetworkSettings } from '../core/network.ts';
import { CUSTOM_SCHEDULE, OPEN_DAYS_MAX, OTHER_TIME_ZONE, SETUP_FIELDS } from './messages/forms.ts';

const MAX_COORDINATORS = 20;

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const text = (max: number) => z.string().trim().min(1).max(max);
const userIds = z
  .union([z.array(z.string()), z.string().transform((s) => s.split(','))])
  .transform((ids) => [...new Set(ids.map((s) => s.trim()).filter((s) => s !== ''))])
  .pipe(z.array(z.string().max(100).regex(/^[\w.:@-]+$/)).max(MAX_COORDINATORS));

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A five-field cron expression croner accepts. */
export function isValidCron(expression: string, timeZone: string): boolean {
  if (expression.trim().split(/\s+/).length !== 5) return false;
  try {
    new Cron(expression, { paused: true, timezone: timeZone }).stop();
    return true;
  } catch {
    return false;
  }
}

export interface SetupInput {
  settings: NetworkSettings;
  /** Coordinator user ids on the submitter's platform and workspace. */
  coordinators: string[];
}

export function parseSetup(values: FormValues, current: NetworkSettings, content: Pick<Content, 'instruments'>): SetupInput {
  const f = SETUP_FIELDS;
  const fail = (field: string): never => {
    throw new DomainError('invalid_settings', { field });
  };
  const read = <T>(field: string, schema: z.ZodType<T>, fallback: T): T => {
    const raw = values[field];
    if (raw === undefined || raw === '') return fallback;
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : fail(field);
  };

  const name = read(f.name, text(80), current.name);
  const language = read(f.language, z.enum(LANGUAGES), current.language);
  const instrument = read(f.instrument, text(64), current.instrument);
  if (!content.instruments.has(instrument)) fail(f.instrument);
  // The zone chosen from the list, or for "other" the one typed in beside it.
  const chosenZone = read(f.timeZone, text(64), current.timeZone);
  const timeZoneField = chosenZone === OTHER_TIME_ZONE ? f.timeZoneOther : f.timeZone;
  const timeZone = chosenZone === OTHER_TIME_ZONE ? read(f.timeZoneOther, text(64), undefined) ?? fail(f.timeZoneOther) : chosenZone;
  if (!isValidTimeZone(timeZone)) fail(timeZoneField);

  const preset = read(f.schedule, z.enum([...SCHEDULE_PRESETS, CUSTOM_SCHEDULE]), undefined);
  const cron = read(f.cron, text(100), undefined);
  let schedule: string;
  if (preset === CUSTOM_SCHEDULE || (preset === undefined && cron !== undefined)) {
    if (cron === undefined || !isValidCron(cron, timeZone)) return fail(f.cron);
    schedule = cron.trim().replace(/\s+/g, ' ');
  } else {
    schedule = preset ?? current.schedule;
  }

  const settings: NetworkSettings = {
    ...current,
    name,
    language,
    instrument,
    schedule,
    timeZone,
    openDays: read(f.openDays, int(1, OPEN_DAYS_MAX), current.openDays),
    k: read(f.k, int(K_MIN, K_MAX), current.k),
    commentsEnabled: read(f.commentsEnabled, bool, current.commentsEnabled),
    groupQuestions: read(f.groupQuestions, z.enum(GROUP_QUESTIONS), current.groupQuestions),
    dmReminders: read(f.dmReminders, bool, current.dmReminders),
  };
  const coordinators = read(f.coordinators, userIds, []);
  return { settings, coordinators };
}
