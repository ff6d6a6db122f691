/**
 * Pure schedule policy: from when a network's next round is looked for, when a round
 * closes and reminds, how long rounds may stay open before a schedule's runs overlap,
 * and which rounds are coming. Calendar maths that needs cron (croner) lives in
 * src/scheduler; here the runs come in as data and the moment as an argument, so the
 * scheduler, the setup confirmation and `/thermometer schedule` all reason alike.
 */
import type { Network, NetworkSettings } from './network.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** A reminder this soon after the round message itself is noise. */
export const MIN_REMINDER_GAP_MS = HOUR_MS;

/** What the schedule maths reads from a network's settings. */
export type ScheduleSettings = Pick<NetworkSettings, 'openDays' | 'reminderHoursBeforeClose' | 'timeZone'>;

/** When a round opens, closes and reminds. */
export interface RoundTimes {
  opensAt: Date;
  closesAt: Date;
  remindAt: Date | null;
}

/** The moment since which a network's current schedule applies: its last change, or setup. */
export function scheduleSince(network: Pick<Network, 'createdAt' | 'scheduleChangedAt'>): Date {
  return network.scheduleChangedAt ?? network.createdAt;
}

export interface PlanFromInput {
  /** See scheduleSince: nothing before it is ever planned. */
  since: Date;
  /** When the network's most recent round (of any status) was to open. */
  lastOpensAt: Date | null;
  now: Date;
  openDays: number;
}

/**
 * The moment strictly after which the next round is looked for: after the schedule
 * began to apply (so a network set up just after a run waits for the next one, the one
 * its confirmation names), after its last round, and — after downtime — no further back
 * than one open period, so the only missed run that can still be planned is one whose
 * open period has not ended: it opens late with its own close time, older runs are
 * skipped for good, and no backlog is ever opened.
 */
export function planFrom(input: PlanFromInput): Date {
  const earliest = input.now.getTime() - input.openDays * DAY_MS;
  return new Date(Math.max(input.since.getTime(), input.lastOpensAt?.getTime() ?? earliest, earliest));
}

export type DueAction = 'open' | 'skip';

/** A scheduled round whose time has come: open it (late, same close time) or skip it. */
export function misfireAction(closesAt: Date, now: Date): DueAction {
  return now.getTime() < closesAt.getTime() ? 'open' : 'skip';
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(timeZone);
  // Stryker disable next-line ConditionalExpression: a cache; a new formatter every time gives the same parts.
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partsFormats.set(timeZone, f);
  }
  return f;
}

/** How far the wall clock in `timeZone` is ahead of UTC at `ms`. */
function zoneOffset(ms: number, timeZone: string): number {
  const part: Record<string, number> = {};
  // Stryker disable next-line ConditionalExpression,StringLiteral: literal parts (separators) are never read.
  for (const p of partsFormat(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') part[p.type] = Number(p.value);
  // Stryker disable next-line LogicalOperator: without the seconds every offset is off by the seconds of its moment, and addLocalDays takes two moments with the same seconds.
  const second = part.second ?? 0;
  const wall = Date.UTC(part.year ?? 1970, (part.month ?? 1) - 1, part.day ?? 1, part.hour ?? 0, part.minute ?? 0, second);
  // The parts carry no milliseconds.
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * `days` calendar days later at the same wall-clock time in `timeZone`: a round opened on
 * Tuesday 09:00 for seven days closes the next Tuesday at 09:00 also across a change to
 * or from summer time, so a weekly round closes exactly when the next one opens. Whole
 * days later, moved by how much the zone's offset changed in between.
 */
export function addLocalDays(date: Date, days: number, timeZone: string): Date {
  const later = date.getTime() + days * DAY_MS;
  return new Date(later + zoneOffset(date.getTime(), timeZone) - zoneOffset(later, timeZone));
}

/** A round's times when it opens at `opensAt` under these settings. */
export function roundTimes(opensAt: Date, settings: ScheduleSettings): RoundTimes {
  const closesAt = addLocalDays(opensAt, settings.openDays, settings.timeZone);
  const remind = closesAt.getTime() - settings.reminderHoursBeforeClose * HOUR_MS;
  return { opensAt, closesAt, remindAt: settings.reminderHoursBeforeClose > 0 && remind > opensAt.getTime() ? new Date(remind) : null };
}

/**
 * When a round's channel reminder goes out, or null for none. At its planned time — but
 * never in the first half of the time the round really has (a round opened late has less
 * of it), and never within an hour of the round message.
 */
export function reminderAt(round: RoundTimes & { openedAt: Date | null }): Date | null {
  if (!round.remindAt) return null;
  const opened = (round.openedAt ?? round.opensAt).getTime();
  const closes = round.closesAt.getTime();
  const at = Math.max(round.remindAt.getTime(), opened + (closes - opened) / 2);
  if (at - opened < MIN_REMINDER_GAP_MS || at >= closes) return null;
  return new Date(at);
}

/**
 * The most days (at most `wanted`) a round can stay open so that no run of the schedule
 * opens before the previous round has closed; 0 when runs come less than a day apart.
 * `runs` soonest first.
 */
export function longestOpenDays(runs: readonly Date[], timeZone: string, wanted: number): number {
  let best = wanted;
  for (let i = 1; i < runs.length; i++) {
    const previous = runs[i - 1] as Date;
    const next = (runs[i] as Date).getTime();
    while (best > 0 && addLocalDays(previous, best, timeZone).getTime() > next) best -= 1;
  }
  return best;
}

export interface UpcomingInput {
  /** Rounds already planned (scheduled, not yet open), soonest first. */
  planned: readonly RoundTimes[];
  /** Further runs of the schedule after those (or after planFrom), soonest first. */
  runs: readonly Date[];
  /** When the round open now closes, if one is open. */
  openUntil: Date | null;
  now: Date;
  settings: ScheduleSettings;
  count: number;
}

/**
 * The next `count` rounds as the scheduler will open them: a run whose open period has
 * passed is skipped, a run that falls while another round is still open is skipped, and
 * a run that is due now opens now (late), with its reminder counted from then.
 */
export function upcomingRounds(input: UpcomingInput): RoundTimes[] {
  const now = input.now.getTime();
  let busyUntil = input.openUntil?.getTime() ?? -Infinity;
  const result: RoundTimes[] = [];
  for (const candidate of [...input.planned, ...input.runs.map((run) => roundTimes(run, input.settings))]) {
    if (result.length >= input.count) break;
    if (candidate.closesAt.getTime() <= now || candidate.opensAt.getTime() < busyUntil) continue;
    // Stryker disable next-line EqualityOperator: a run due exactly now opens now either way.
    const late = candidate.opensAt.getTime() < now;
    const opensAt = late ? input.now : candidate.opensAt;
    result.push({ opensAt, closesAt: candidate.closesAt, remindAt: reminderAt({ ...candidate, openedAt: late ? input.now : null }) });
    busyUntil = candidate.closesAt.getTime();
  }
  return result;
}
