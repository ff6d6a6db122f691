/**
 * Delivering what only one coordinator may see (the summary, a dashboard or export link) in a
 * channel that has no private replies. First choice: the person's 1:1 chat with the
 * bot. When Teams refuses that chat (the app is not installed for the person), the
 * channel gets a card with a "show it to me" button; the click is answered with an
 * invoke response, which only the clicker sees, after checking again that they are a
 * coordinator.
 */
import { channelChange } from '../../app/joining.ts';
import type { ChatMessage } from '../../core/message.ts';
import { ChatError } from '../../core/ports.ts';
import type { Inbound } from './activity.ts';
import type { TeamsContext } from './context.ts';

export type PrivateKind = 'summary' | 'dashboard' | 'export' | 'code' | 'channel';
export const PRIVATE_KINDS: readonly PrivateKind[] = ['summary', 'dashboard', 'export', 'code', 'channel'];

/** Verb of the "show it to me" button; Teams-only, so not one of the neutral action ids. */
export const REVEAL_VERB = 'reveal';

const EXPORT_TTL_MINUTES = 15;

/** Builds the private content, checking the coordinator role (throws DomainError). */
export async function privateMessage(ctx: TeamsContext, inb: Inbound, kind: PrivateKind, args: readonly string[] = []): Promise<ChatMessage> {
  if (kind === 'summary') return ctx.useCases.summary(inb.channel, inb.user);
  if (kind === 'dashboard') return ctx.useCases.dashboardLink(inb.channel, inb.user);
  if (kind === 'code') return ctx.useCases.rotateJoinCode(inb.channel, inb.user);
  if (kind === 'channel') return ctx.useCases.channels(inb.channel, inb.user, channelChange(args));
  const { filename, csv } = await ctx.useCases.exportCsv(inb.channel, inb.user);
  const url = ctx.downloads.put(csv, 'text/csv; charset=utf-8', filename, EXPORT_TTL_MINUTES * 60_000);
  const text = await ctx.text(inb, 'teams.export.ready', { url, filename, minutes: EXPORT_TTL_MINUTES });
  return { text, blocks: [{ kind: 'paragraph', text }] };
}

export async function deliverPrivately(ctx: TeamsContext, inb: Inbound, kind: PrivateKind, args: readonly string[] = []): Promise<void> {
  const message = await privateMessage(ctx, inb, kind, args);
  const network = await ctx.useCases.networkFor(inb.channel);
  try {
    await ctx.gateway.direct(inb.user, message, { ...inb.binding, networkId: network?.id ?? '' });
    const note = await ctx.text(inb, 'teams.private.sent');
    await ctx.reply(inb, { text: note, blocks: [{ kind: 'context', text: note }] });
  } catch (error) {
    if (!(error instanceof ChatError) || error.reason !== 'rejected') throw error;
    const intro = await ctx.text(inb, 'teams.private.reveal');
    // The button is rendered directly: its verb is Teams-only.
    const card = ctx.render({ text: intro, blocks: [{ kind: 'paragraph', text: intro }] });
    card.body.push({
      type: 'ActionSet',
      actions: [{ type: 'Action.Execute', title: await ctx.text(inb, 'teams.private.reveal_button'), verb: REVEAL_VERB, data: { value: kind } }],
    });
    await ctx.gateway.sendCard(inb.replyTo, card);
  }
}
