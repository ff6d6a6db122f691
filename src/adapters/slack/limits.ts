/**
 * What Slack accepts in one message, and fitting a neutral message to it.
 *
 * Documented Block Kit limits: at most 50 blocks; a section's text at most 3,000
 * characters; a header 150; a context block at most 10 elements; an actions block 25
 * elements; a button's text 75 and value 2,000. Undocumented but real: Slack refuses a
 * message whose blocks hold too much text in total (`msg_blocks_too_long`), reported
 * around 12,000 characters with a buffer for the blocks themselves, and already at
 * 11,341 counted characters in one report (slackapi/bolt-js issues 2509 and 2867). So
 * the bot keeps its own budget well below that: 10,000 characters of text plus a
 * 40-character allowance per block.
 *
 * Fitting moves what does not fit (the overflow list: comments) into the post's thread
 * with a line saying so; nothing is dropped (core/message-split.ts).
 */
import type { types } from '@slack/bolt';
import { splitToFit, type SplitMessage } from '../../core/message-split.ts';
import type { ChatMessage } from '../../core/message.ts';
import { renderMessage, type RenderedMessage } from './block-kit.ts';

type KnownBlock = types.KnownBlock;

export const BLOCK_KIT = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  /** Where Slack starts refusing with msg_blocks_too_long (bolt-js 2509, 2867). */
  cumulativeText: 12_000,
  /** The top-level `text` (msg_too_long). */
  messageText: 40_000,
} as const;

/** The bot's own budget for the cumulative text, with room for what Slack counts beyond it. */
export const TEXT_BUDGET = 10_000;
export const PER_BLOCK_ALLOWANCE = 40;

/** Every `text` string inside the blocks (text objects, elements, fields), summed. */
export function blocksTextLength(blocks: readonly unknown[]): number {
  let total = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'text' && typeof value === 'string') total += value.length;
      else visit(value);
    }
  };
  visit(blocks);
  return total;
}

/** What the bot counts against its budget for a rendered message. */
export function budgetUsed(blocks: readonly KnownBlock[]): number {
  return blocksTextLength(blocks) + PER_BLOCK_ALLOWANCE * blocks.length;
}

export function fitsSlack(rendered: { blocks: readonly KnownBlock[] }): boolean {
  return rendered.blocks.length <= BLOCK_KIT.blocksPerMessage && budgetUsed(rendered.blocks) <= TEXT_BUDGET;
}

/**
 * A private reply as Slack can take it: the message, or its reduced form when it has one
 * and the message is beyond the limits (a reply has no thread to continue in).
 */
export function replyForSlack(message: ChatMessage): RenderedMessage {
  const full = renderMessage(message);
  return !fitsSlack(full) && message.reduced ? renderMessage(message.reduced) : full;
}

/** The post and its thread, each within Slack's limits. */
export function fitToSlack(message: ChatMessage): SplitMessage {
  return splitToFit(message, (m) => fitsSlack(renderMessage(m)));
}

/**
 * The last guard in the renderer: never more than 50 blocks. Fitting keeps messages far
 * below that; if something still overflows, the 50th block says how many were left out
 * instead of dropping them without a word.
 */
export function capBlocks(blocks: KnownBlock[]): KnownBlock[] {
  if (blocks.length <= BLOCK_KIT.blocksPerMessage) return blocks;
  const kept = blocks.slice(0, BLOCK_KIT.blocksPerMessage - 1);
  const left = blocks.length - kept.length;
  return [...kept, { type: 'context', elements: [{ type: 'mrkdwn', text: `… (+${left})` }] }];
}
