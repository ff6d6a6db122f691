/**
 * Fitting a message to a platform's size limits without losing anything: the post shows
 * as many items of its overflow list (comments) as fit, at most `maxInPost`, with a line
 * saying how many follow; the rest goes into follow-up messages for the post's thread,
 * each of which fits too. What "fits" means is the platform's business (the adapters'
 * limits modules); splitting is the same everywhere.
 */
import type { Block, ChatMessage, OverflowList } from './message.ts';

/** Text blocks stay well below Slack's 3,000 characters per section (and read well in Teams). */
export const LIST_BLOCK_MAX = 2800;

export interface SplitMessage {
  post: ChatMessage;
  /** Follow-ups for the post's thread, in order. */
  thread: ChatMessage[];
}

function fill(template: string, params: Record<string, number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Items as paragraph blocks under a bold heading, each block below LIST_BLOCK_MAX. */
export function listBlocks(heading: string, items: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let text = `*${heading}*`;
  for (const item of items) {
    const piece = item.length > LIST_BLOCK_MAX ? `${item.slice(0, LIST_BLOCK_MAX - 1)}…` : item;
    if (text.length + 1 + piece.length > LIST_BLOCK_MAX) {
      blocks.push({ kind: 'paragraph', text });
      text = piece;
    } else {
      text += `\n${piece}`;
    }
  }
  blocks.push({ kind: 'paragraph', text });
  return blocks;
}

/** The post with the first `shown` items of its list, and a note when more follow. */
export function withListItems(message: ChatMessage, shown: number): ChatMessage {
  const { list, reduced: _reduced, ...rest } = message;
  if (!list) return rest;
  const blocks = [...rest.blocks];
  if (shown > 0) blocks.push(...listBlocks(list.heading, list.items.slice(0, shown)));
  const moved = list.items.length - shown;
  if (moved > 0) blocks.push({ kind: 'context', text: fill(list.movedNote, { count: moved }) });
  return { ...rest, blocks };
}

function followUp(list: OverflowList, from: number, to: number): ChatMessage {
  const heading = fill(list.continuedHeading, { from: from + 1, to, total: list.items.length });
  return { text: heading, blocks: listBlocks(heading, list.items.slice(from, to)) };
}

/**
 * Splits a message so that the post and every follow-up satisfy `fits`. Items are never
 * dropped: an item that does not fit even alone still gets a follow-up of its own (the
 * platform then refuses it, loudly, rather than the bot leaving it out silently).
 */
export function splitToFit(message: ChatMessage, fits: (message: ChatMessage) => boolean): SplitMessage {
  const list = message.list;
  if (!list) return { post: withListItems(message, 0), thread: [] };
  let shown = Math.min(list.items.length, Math.max(0, list.maxInPost));
  while (shown > 0 && !fits(withListItems(message, shown))) shown -= 1;
  const thread: ChatMessage[] = [];
  let from = shown;
  while (from < list.items.length) {
    let to = from + 1;
    while (to < list.items.length && fits(followUp(list, from, to + 1))) to += 1;
    thread.push(followUp(list, from, to));
    from = to;
  }
  return { post: withListItems(message, shown), thread };
}

/**
 * A follow-up cut in two at a block boundary, for a platform stricter than its limits
 * module expected; undefined when it is a single block.
 */
export function halves(message: ChatMessage): [ChatMessage, ChatMessage] | undefined {
  if (message.blocks.length < 2) return undefined;
  const at = Math.ceil(message.blocks.length / 2);
  return [
    { text: message.text, blocks: message.blocks.slice(0, at) },
    { text: message.text, blocks: message.blocks.slice(at) },
  ];
}
