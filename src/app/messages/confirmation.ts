/**
 * Private confirmations for the person who answered or withdrew, never shown to
 * anyone else: what was recorded, until when it can change, and a withdraw button.
 */
import type { Answer } from '../../core/answer.ts';
import type { ChatMessage } from '../../core/message.ts';
import { formatDateTime, levelName, texts, type MessageContext } from './format.ts';

export interface ConfirmationInput {
  roundId: string;
  closesAt: Date;
  answer: Answer;
  /** False when this replaced the person's earlier answer. */
  created: boolean;
}

export function answerConfirmation(ctx: MessageContext, input: ConfirmationInput): ChatMessage {
  const x = texts(ctx);
  const params = { label: levelName(ctx.content, ctx.lang, input.answer.level), date: formatDateTime(input.closesAt, ctx) };
  const text = x.tx(input.created ? 'confirm.recorded' : 'confirm.changed', params);
  const extras: string[] = [];
  const rated = Object.keys(input.answer.ratings).length;
  if (rated > 0) extras.push(x.tx('confirm.ratings', { count: rated }));
  if (Object.keys(input.answer.agreementRatings ?? {}).length > 0) extras.push(x.tx('confirm.agreements'));
  if (input.answer.comment) extras.push(x.tx('confirm.comment'));
  return {
    text,
    blocks: [
      { kind: 'paragraph', text },
      ...(extras.length > 0 ? [{ kind: 'context' as const, text: extras.join(' ') }] : []),
      { kind: 'actions', buttons: [{ actionId: 'withdraw', label: x.tx('confirm.withdraw_button'), value: input.roundId, style: 'danger' }] },
    ],
  };
}

export function withdrawnConfirmation(ctx: MessageContext, closesAt: Date): ChatMessage {
  const text = texts(ctx).tx('confirm.withdrawn', { date: formatDateTime(closesAt, ctx) });
  return { text, blocks: [{ kind: 'paragraph', text }] };
}
