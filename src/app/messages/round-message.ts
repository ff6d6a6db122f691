/**
 * The round message in the channel. While the round is open it shows the question,
 * the four level buttons (always the first actions block, level 1 to 4, stacked so each
 * full label stays readable on a narrow screen), the response count right under them,
 * a button for the other questions and the privacy line — never anything that could
 * reveal how people answer (promise 3). After close it becomes a short notice.
 */
import type { Block, Button, ChatMessage } from '../../core/message.ts';
import { inert } from '../../core/inert-text.ts';
import type { Round } from '../../core/round.ts';
import { LEVELS, type Level } from '../../core/scale.ts';
import { formatDateTime, levelEmoji, levelLabel, texts, type MessageContext } from './format.ts';

export interface RoundMessageInput {
  networkName: string;
  round: Pick<Round, 'id' | 'instrument' | 'closesAt' | 'status'>;
  count: number;
}

export function countText(ctx: MessageContext, n: number): string {
  const { tx } = texts(ctx);
  if (n === 0) return tx('round.count.zero');
  if (n === 1) return tx('round.count.one');
  return tx('round.count.other', { n });
}

/**
 * The four level buttons, level 1 to 4. `chosen`: the person's current level, marked
 * with a check instead of its colour and shown as the primary button, so they see what
 * they chose and can pick another.
 */
export function levelButtons(ctx: MessageContext, roundId: string, chosen?: Level): Button[] {
  return LEVELS.map((level): Button => {
    const label = levelLabel(ctx.content, ctx.lang, level);
    const value = `${roundId}:${level}`;
    if (level === chosen) return { actionId: 'answer', label: texts(ctx).tx('confirm.chosen', { label }), value, style: 'primary' };
    return { actionId: 'answer', label: `${levelEmoji(ctx.content, level)} ${label}`.trim(), value };
  });
}

/** The level buttons as the block every round message and confirmation starts its choices with. */
export function levelChoices(ctx: MessageContext, roundId: string, chosen?: Level): Block {
  return { kind: 'actions', buttons: levelButtons(ctx, roundId, chosen), stacked: true };
}

/** The "more questions" button, named for what the round's form asks. */
export function moreQuestionsButton(ctx: MessageContext, roundId: string, instrument: string): Button {
  const x = texts(ctx);
  const statements = ctx.content.instruments.get(instrument)?.statements.length ?? 0;
  const label = statements > 0 ? x.tx('round.more_questions.statements', { count: statements }) : x.tx('round.more_questions.plain');
  return { actionId: 'more_questions', label, value: roundId };
}

export function roundMessage(ctx: MessageContext, input: RoundMessageInput): ChatMessage {
  const x = texts(ctx);
  const { round } = input;
  const title = x.tx('round.title', { name: inert(input.networkName) });
  const count = countText(ctx, input.count);
  if (round.status !== 'open') {
    const closed = x.tx('round.closed', { count });
    return { text: `${title}\n${closed}`, blocks: [{ kind: 'heading', text: title }, { kind: 'paragraph', text: closed }] };
  }
  const intro = x.tx('round.intro');
  const question = x.tx('round.question');
  const live = x.tx('round.live', { n: input.count, date: formatDateTime(round.closesAt, ctx) });
  const blocks: Block[] = [
    { kind: 'heading', text: title },
    { kind: 'paragraph', text: intro },
    { kind: 'paragraph', text: `*${question}*` },
    levelChoices(ctx, round.id),
    { kind: 'paragraph', text: live },
    { kind: 'actions', buttons: [moreQuestionsButton(ctx, round.id, round.instrument)] },
    { kind: 'context', text: x.tx('round.privacy') },
  ];
  return { text: `${title}: ${question} (${count})`, blocks };
}

/** The channel reminder shortly before close: the question again, and the count. */
export function reminderMessage(ctx: MessageContext, input: RoundMessageInput): ChatMessage {
  const x = texts(ctx);
  const text = x.tx('reminder.text', { date: formatDateTime(input.round.closesAt, ctx), count: countText(ctx, input.count) });
  return {
    text,
    blocks: [
      { kind: 'paragraph', text },
      levelChoices(ctx, input.round.id),
      { kind: 'context', text: x.tx('round.privacy') },
    ],
  };
}
