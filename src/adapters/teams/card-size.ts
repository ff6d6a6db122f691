/**
 * How big a card Teams accepts, and fitting a neutral message to it.
 *
 * Teams refuses a bot message over its size limit with `413 RequestEntityTooLarge`
 * (error code `MessageSizeTooBig`). Microsoft documents the limit as the whole payload
 * encoded as UTF-16, base64 images not included — 40 KB on older pages, 100 KB with
 * 80 KB advised on newer ones — while connectors that post cards (Power Automate)
 * fail above about 28 KB. The bot keeps every card within 28 KB, the size that is safe
 * everywhere: a card that would be larger keeps what fits of its overflow list
 * (comments) and continues in the thread (core/message-split.ts).
 */
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { splitToFit, type SplitMessage } from '../../core/message-split.ts';
import type { ChatMessage } from '../../core/message.ts';

/** The safe size of one card, counted as Teams counts a message (UTF-16 bytes, base64 images left out). */
export const CARD_BUDGET_BYTES = 28 * 1024;

const BASE64_DATA_URI = /data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+/g;

/** The size Teams counts for a card: its JSON in UTF-16 bytes, base64 images not included. */
export function cardBytes(card: IAdaptiveCard): number {
  return JSON.stringify(card).replace(BASE64_DATA_URI, '').length * 2;
}

export function fitsTeams(card: IAdaptiveCard): boolean {
  return cardBytes(card) <= CARD_BUDGET_BYTES;
}

/** The post and its thread, each card within the safe size; the list (comments) folded behind a button. */
export function fitToTeams(message: ChatMessage, render: (message: ChatMessage) => IAdaptiveCard): SplitMessage {
  return splitToFit(message, (m) => fitsTeams(render(m)), { canFold: true });
}
