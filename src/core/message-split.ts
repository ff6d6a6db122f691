/**
 * Fitting a message to a platform's size limits without losing anything: the post shows
 * as many items of its overflow list (comments) as fit, at most `maxInPost`, with a line
 * saying how many follow (fewer where the list cannot be folded away behind a button);
 * the rest goes into follow-up messages for the post's thread,
 * each of which fits too. What "fits" means is the platform's business (the adapters'
 * limits modules); splitting is the same everywhere.
 */
import type { Block, ChatMessage, OverflowList } from './message.ts';
import { fillTemplate } from './template.ts';

/** Text blocks stay well below Slack's 3,000 characters per section (and read well in Teams). */
export const LIST_BLOCK_MAX = 2800;

export interface SplitMessage {
  post: ChatMessage;
  /** Follow-ups for the post's thread, in order. */
  thread: ChatMessage[];
}

function fill(list: OverflowList, template: string, params: Record<string, number>): string {
  return fillTemplate(template, params, list.locale);
}

/** Items as list blocks under a section heading, each list's text below LIST_BLOCK_MAX. */
export function listBlocks(heading: string, items: readonly string[], fold?: string): Block[] {
  const lists: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const item of items) {
    const piece = item.length > LIST_BLOCK_MAX ? `${item.slice(0, LIST_BLOCK_MAX - 1)}…` : item;
    if (current.length > 0 && length + 1 + piece.length > LIST_BLOCK_MAX) {
      lists.push(current);
      current = [];
      length = 0;
    }
    current.push(piece);
    length += piece.length + 1;
  }
  if (current.length > 0) lists.push(current);
  // One fold for the whole list: the first part carries the button, the rest fold with it.
  return [{ kind: 'subheading', text: heading }, ...lists.map((part): Block => ({ kind: 'list', items: part, ...(fold ? { fold } : {}) }))];
}

/** How the platform shows an overflow list: folded away behind a button, or not. */
export interface SplitOptions {
  canFold?: boolean;
}

/** How many items the post may hold on a platform: fewer where the list cannot be folded away. */
export function postCap(list: OverflowList, options: SplitOptions = {}): number {
  const cap = Math.max(0, list.maxInPost);
  return list.fold && !options.canFold ? Math.min(cap, Math.max(0, list.fold.maxUnfolded)) : cap;
}

/** The post with the first `shown` items of its list, and a note when more follow. */
export function withListItems(message: ChatMessage, shown: number, options: SplitOptions = {}): ChatMessage {
  const { list, reduced: _reduced, ...rest } = message;
  if (!list) return rest;
  const blocks = [...rest.blocks];
  const fold = options.canFold && list.fold ? fill(list, list.fold.label, { count: shown }) : undefined;
  if (shown > 0) blocks.push(...listBlocks(list.heading, list.items.slice(0, shown), fold));
  const moved = list.items.length - shown;
  if (moved > 0) blocks.push({ kind: 'context', text: fill(list, list.movedNote, { count: moved }) });
  return { ...rest, blocks };
}

function followUp(list: OverflowList, from: number, to: number): ChatMessage {
  const heading = fill(list, list.continuedHeading, { from: from + 1, to, total: list.items.length });
  return { text: heading, blocks: listBlocks(heading, list.items.slice(from, to)) };
}

/**
 * Splits a message so that the post and every follow-up satisfy `fits`. Items are never
 * dropped: an item that does not fit even alone still gets a follow-up of its own (the
 * platform then refuses it, loudly, rather than the bot leaving it out silently).
 */
export function splitToFit(message: ChatMessage, fits: (message: ChatMessage) => boolean, options: SplitOptions = {}): SplitMessage {
  const list = message.list;
  if (!list) return { post: withListItems(message, 0, options), thread: [] };
  let shown = Math.min(list.items.length, postCap(list, options));
  while (shown > 0 && !fits(withListItems(message, shown, options))) shown -= 1;
  const thread: ChatMessage[] = [];
  let from = shown;
  while (from < list.items.length) {
    let to = from + 1;
    while (to < list.items.length && fits(followUp(list, from, to + 1))) to += 1;
    thread.push(followUp(list, from, to));
    from = to;
  }
  return { post: withListItems(message, shown, options), thread };
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
