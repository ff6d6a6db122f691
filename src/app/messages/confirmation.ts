/**
 * Private confirmations for the person who answered or withdrew, never shown to
 * anyone else: what was recorded and until when it can change — with the four level
 * buttons again (the chosen one marked), the form and a withdraw button, because in
 * Teams this confirmation takes the round card's place for that person.
 */
import type { Answer } from '../../core/answer.ts';
import type { Block, Button, ChatMessage } from '../../core/message.ts';
import { formatDateTime, levelName, texts, type MessageContext } from './format.ts';
import { levelChoices, moreQuestionsButton } from './round-message.ts';

export interface ConfirmationInput {
  roundId: string;
  closesAt: Date;
  answer: Answer;
  /** False when this replaced the person's earlier answer. */
  created: boolean;
  /** The round's instrument, for the "more questions" button; without it the button is left out. */
  instrument?: string;
}

export function answerConfirmation(ctx: MessageContext, input: ConfirmationInput): ChatMessage {
  const x = texts(ctx);
  const params = { label: levelName(ctx.content, ctx.lang, input.answer.level), date: formatDateTime(input.closesAt, ctx) };
  const text = x.tx(input.created ? 'confirm.recorded' : 'confirm.changed', params);
  const extras: string[] = [];
  const rated = Object.keys(input.answer.ratings).length;
  if (rated > 0) extras.push(x.tx('confirm.ratings', { count: rated }));
  if (input.answer.comment) extras.push(x.tx('confirm.comment'));
  const buttons: Button[] = [];
  if (input.instrument !== undefined) buttons.push(moreQuestionsButton(ctx, input.roundId, input.instrument));
  buttons.push({ actionId: 'withdraw', label: x.tx('confirm.withdraw_button'), value: input.roundId, style: 'danger' });
  const blocks: Block[] = [{ kind: 'paragraph', text }];
  if (extras.length > 0) blocks.push({ kind: 'context', text: extras.join(' ') });
  blocks.push({ kind: 'context', text: x.tx('confirm.change') }, levelChoices(ctx, input.roundId, input.answer.level), { kind: 'actions', buttons });
  return { text, blocks };
}

/** After a withdrawal: said plainly, with the level buttons to answer again when the round is known. */
export function withdrawnConfirmation(ctx: MessageContext, closesAt: Date, roundId?: string): ChatMessage {
  const text = texts(ctx).tx('confirm.withdrawn', { date: formatDateTime(closesAt, ctx) });
  const blocks: Block[] = [{ kind: 'paragraph', text }];
  if (roundId !== undefined) blocks.push(levelChoices(ctx, roundId));
  return { text, blocks };
}
