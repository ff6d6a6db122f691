/**
 * What the channel sees after setup or erase: the settings in short, and the next
 * three planned rounds when the schedule can tell.
 */
import type { ChatMessage } from '../../core/message.ts';
import { inert } from '../../core/inert-text.ts';
import { SCHEDULE_PRESETS, type Network } from '../../core/network.ts';
import { formatDateTime, texts, type MessageContext } from './format.ts';

export function setupConfirmation(ctx: MessageContext, input: { network: Network; created: boolean; plannedRuns: Date[] | undefined }): ChatMessage {
  const { tx } = texts(ctx);
  const s = input.network.settings;
  const instrument = ctx.content.instruments.get(s.instrument)?.text[ctx.lang].name ?? s.instrument;
  const schedule = (SCHEDULE_PRESETS as readonly string[]).includes(s.schedule) ? tx(`setup.schedule.${s.schedule}`) : `\`${s.schedule}\``;
  const text = tx(input.created ? 'setup.done.created' : 'setup.done.updated', { name: inert(s.name) });
  const facts = [
    { label: tx('setup.field.instrument'), value: instrument },
    { label: tx('setup.field.schedule'), value: `${schedule} (${s.timeZone})` },
    { label: tx('setup.field.open_days'), value: String(s.openDays) },
    { label: tx('setup.field.k'), value: String(s.k) },
    { label: tx('setup.field.comments_enabled'), value: tx(s.commentsEnabled ? 'common.on' : 'common.off') },
    { label: tx('setup.field.group_questions'), value: tx(`setup.group_questions.${s.groupQuestions}`) },
    { label: tx('setup.field.dm_reminders'), value: tx(s.dmReminders ? 'common.on' : 'common.off') },
  ];
  const runs = input.plannedRuns?.slice(0, 3) ?? [];
  const planned: ChatMessage['blocks'] =
    runs.length > 0
      ? [{ kind: 'subheading', text: tx('setup.done.planned') }, { kind: 'list', items: runs.map((d) => formatDateTime(d, ctx)) }]
      : [{ kind: 'paragraph', text: tx('setup.done.now_hint') }];
  return {
    text,
    blocks: [
      { kind: 'paragraph', text },
      { kind: 'facts', facts },
      ...planned,
      { kind: 'context', text: tx('setup.done.footer') },
    ],
  };
}

export function erasedMessage(ctx: MessageContext, name: string): ChatMessage {
  const text = texts(ctx).tx('erase.done', { name: inert(name) });
  return { text, blocks: [{ kind: 'paragraph', text }] };
}

/** A plain one-paragraph message from an app key. */
export function notice(ctx: MessageContext, key: string, params: Record<string, string | number> = {}): ChatMessage {
  const text = texts(ctx).tx(key, params);
  return { text, blocks: [{ kind: 'paragraph', text }] };
}
