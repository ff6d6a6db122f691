/**
 * The coming rounds of a network, worked out exactly as the scheduler will run them, so
 * that the setup confirmation and `/thermometer schedule` say what will happen; the
 * check that a schedule's runs leave room for the open period; and the `schedule`
 * command itself, for anyone in a network's channel.
 */
import { DomainError } from '../core/errors.ts';
import type { ChatMessage } from '../core/message.ts';
import { SCHEDULE_PRESETS, type ChannelRef, type Network, type NetworkSettings } from '../core/network.ts';
import { longestOpenDays, planFrom, scheduleSince, upcomingRounds, type RoundTimes } from '../core/schedule.ts';
import type { StoredRound } from '../core/store-port.ts';
import { nextRuns } from '../scheduler/schedule.ts';
import type { AppContext } from './context.ts';
import type { PlannedRuns } from './deps.ts';
import { scheduleMessage, SETUP_FIELDS } from './messages/index.ts';

/** How many runs ahead a schedule is checked for overlaps: years of any preset. */
const OVERLAP_HORIZON_RUNS = 120;

/** What the store knows about a network's rounds that planning needs. */
export interface PlanningState {
  /** Rounds planned but not open yet, soonest first. */
  scheduled: StoredRound[];
  open: StoredRound | undefined;
  lastOpensAt: Date | undefined;
}

export interface ScheduleUseCases {
  /** `/thermometer schedule`: the next three rounds with their open, close and reminder times. */
  schedule(channel: ChannelRef): Promise<ChatMessage>;
}

/** The calendar the app reasons with: the injected one (tests), else croner's. */
export function runsOf(ctx: Pick<AppContext, 'plannedRuns'>): PlannedRuns {
  return ctx.plannedRuns ?? nextRuns;
}

/**
 * Refuses settings whose schedule can open a round before the previous one has closed
 * (the scheduler would silently skip every other round). The error names both fields and
 * carries the longest open period that fits, so the coordinator can simply take it.
 */
export function assertScheduleFits(settings: NetworkSettings, now: Date, runs: PlannedRuns): void {
  const upcoming = runs(settings.schedule, settings.timeZone, now, OVERLAP_HORIZON_RUNS);
  const longest = longestOpenDays(upcoming, settings.timeZone, settings.openDays);
  if (longest >= settings.openDays) return;
  const custom = !(SCHEDULE_PRESETS as readonly string[]).includes(settings.schedule);
  const scheduleField = custom ? SETUP_FIELDS.cron : SETUP_FIELDS.schedule;
  // The field to fix: the open days when fewer would do, else the schedule itself.
  throw new DomainError('schedule_overlaps', {
    field: longest > 0 ? SETUP_FIELDS.openDays : scheduleField,
    scheduleField,
    openDays: settings.openDays,
    maxOpenDays: longest,
  });
}

/** The next `count` rounds of a network, as the scheduler will open them. */
export function upcomingFor(network: Network, state: PlanningState, now: Date, runs: PlannedRuns, count: number): RoundTimes[] {
  const s = network.settings;
  const last = state.scheduled.at(-1);
  // After the rounds already planned, the schedule continues from the last of them;
  // with none planned yet, from where the scheduler's next tick will look.
  const from = last ? last.opensAt : planFrom({ since: scheduleSince(network), lastOpensAt: state.lastOpensAt ?? null, now, openDays: s.openDays });
  // A few extra runs, for those skipped because a round is still open then.
  const further = runs(s.schedule, s.timeZone, from, count + 8);
  return upcomingRounds({ planned: state.scheduled, runs: further, openUntil: state.open?.closesAt ?? null, now, settings: s, count });
}

export function createScheduleUseCases(ctx: AppContext): ScheduleUseCases {
  const { store, clock } = ctx;
  return {
    async schedule(channel) {
      const network = await ctx.requireNetwork(channel);
      const state: PlanningState = {
        scheduled: await store.rounds.scheduledFor(network.id),
        open: await store.rounds.openFor(network.id),
        lastOpensAt: await store.rounds.lastOpensAt(network.id),
      };
      const upcoming = upcomingFor(network, state, clock.now(), runsOf(ctx), 3);
      return scheduleMessage(ctx.messageContext(network), { settings: network.settings, open: state.open, upcoming });
    },
  };
}
