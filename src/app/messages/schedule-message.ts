/**
 * `/thermometer schedule`: the network's schedule in words, the round open now (if any)
 * and the next rounds with their open, close and reminder times, in the network's time
 * zone — for anyone in the channel.
 */
import type { ChatMessage } from '../../core/message.ts';
import { SCHEDULE_PRESETS, type NetworkSettings } from '../../core/network.ts';
import { reminderAt, type RoundTimes } from '../../core/schedule.ts';
import type { StoredRound } from '../../core/store-port.ts';
import { formatDateTime, texts, type MessageContext } from './format.ts';

export interface ScheduleInput {
  settings: NetworkSettings;
  open: StoredRound | undefined;
  upcoming: RoundTimes[];
}

export function scheduleMessage(ctx: MessageContext, input: ScheduleInput): ChatMessage {
  const { tx } = texts(ctx);
  const s = input.settings;
  const when = (d: Date): string => formatDateTime(d, ctx);
  const reminder = (at: Date | null): string => (at ? tx('schedule.reminder', { date: when(at) }) : tx('schedule.no_reminder'));
  const title = tx('schedule.title', { name: s.name });
  const rule = (SCHEDULE_PRESETS as readonly string[]).includes(s.schedule) ? tx(`setup.schedule.${s.schedule}`) : `\`${s.schedule}\``;
  const blocks: ChatMessage['blocks'] = [
    { kind: 'heading', text: title },
    { kind: 'paragraph', text: tx('schedule.rule', { schedule: rule, timeZone: s.timeZone, days: s.openDays }) },
  ];
  const open = input.open;
  if (open) {
    const remind = open.remindedAt ? tx('schedule.reminded') : reminder(reminderAt(open));
    blocks.push({ kind: 'paragraph', text: tx('schedule.open_now', { close: when(open.closesAt), reminder: remind }) });
  }
  const line = (r: RoundTimes): string => tx('schedule.round', { open: when(r.opensAt), close: when(r.closesAt), reminder: reminder(r.remindAt) });
  const lines = input.upcoming.map(line);
  if (lines.length > 0) blocks.push({ kind: 'subheading', text: tx('schedule.next') }, { kind: 'list', items: lines });
  else blocks.push({ kind: 'paragraph', text: tx('schedule.none') });
  blocks.push({ kind: 'context', text: tx('schedule.footer') });
  const first = input.upcoming[0];
  const text = `${title}: ${first ? line(first) : tx('schedule.none')}`;
  return { text, blocks };
}
