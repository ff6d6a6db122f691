/**
 * The round message in the channel. While the round is open it shows the question,
 * the four level buttons (always the first actions block, level 1 to 4), the network's
 * open agreements it asks about, a button for the other questions, the privacy line
 * and the response count — never anything that
 * could reveal how people answer (promise 3). After close it becomes a short notice.
 */
import type { AskedAgreement } from '../../core/agreement-ratings.ts';
import type { Block, Button, ChatMessage } from '../../core/message.ts';
import { inert } from '../../core/inert-text.ts';
import type { Round } from '../../core/round.ts';
import { LEVELS } from '../../core/scale.ts';
import { roundAgreementsBlock } from './agreement-messages.ts';
import { formatDateTime, levelEmoji, levelLabel, texts, type MessageContext } from './format.ts';

export interface RoundMessageInput {
  networkName: string;
  round: Pick<Round, 'id' | 'instrument' | 'closesAt' | 'status'>;
  count: number;
  /** The open agreements the round asks about; shown while it is open. */
  agreements?: readonly AskedAgreement[];
}

export function countText(ctx: MessageContext, n: number): string {
  const { tx } = texts(ctx);
  if (n === 0) return tx('round.count.zero');
  if (n === 1) return tx('round.count.one');
  return tx('round.count.other', { n });
}

export function levelButtons(ctx: MessageContext, roundId: string): Button[] {
  return LEVELS.map((level) => ({
    actionId: 'answer',
    label: `${levelEmoji(ctx.content, level)} ${levelLabel(ctx.content, ctx.lang, level)}`.trim(),
    value: `${roundId}:${level}`,
  }));
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
  const instrument = ctx.content.instruments.get(round.instrument);
  const intro = x.tx('round.intro');
  const question = x.tx('round.question');
  const agreements = roundAgreementsBlock(x, input.agreements ?? []);
  const moreLabel = instrument && instrument.statements.length > 0
    ? x.tx('round.more_questions.statements', { count: instrument.statements.length })
    : agreements
      ? x.tx('round.more_questions.agreements')
      : x.tx('round.more_questions.plain');
  const until = x.tx('round.open_until', { date: formatDateTime(round.closesAt, ctx) });
  const blocks: Block[] = [
    { kind: 'heading', text: title },
    { kind: 'paragraph', text: intro },
    { kind: 'paragraph', text: `*${question}*` },
    { kind: 'actions', buttons: levelButtons(ctx, round.id) },
    ...(agreements ? [agreements] : []),
    { kind: 'actions', buttons: [{ actionId: 'more_questions', label: moreLabel, value: round.id }] },
    { kind: 'context', text: x.tx('round.privacy') },
    { kind: 'context', text: `${count} · ${until}` },
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
      { kind: 'actions', buttons: levelButtons(ctx, input.round.id) },
      { kind: 'context', text: x.tx('round.privacy') },
    ],
  };
}
