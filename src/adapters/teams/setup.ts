/**
 * The setup form goes to the person who asked for it, and to nobody else. A channel has
 * no private replies, so `@Thermometer setup` posts a small card whose one button
 * carries that person's claim (the form context, see src/app/setup.ts); a click is
 * answered in the invoke response, which only the clicker sees, and only when the claim
 * is theirs. The form they then submit carries the same claim, which the use case checks
 * again: another member can neither open nor submit someone else's first setup.
 */
import { DomainError } from '../../core/errors.ts';
import type { Inbound } from './activity.ts';
import { cardResponse, messageResponse, renderForm } from './adaptive-card.ts';
import type { TeamsContext } from './context.ts';

/** Verb of the "open the form" button; Teams-only, so not one of the neutral action ids. */
export const SETUP_VERB = 'setup_open';

/** Posts the card that lets the person who asked open the setup form (checks the coordinator role first). */
export async function offerSetupForm(ctx: TeamsContext, inb: Inbound): Promise<void> {
  const form = await ctx.useCases.setupForm(inb.channel, inb.user);
  const intro = await ctx.text(inb, 'teams.setup.offer');
  const card = ctx.render({ text: intro, blocks: [{ kind: 'paragraph', text: intro }] });
  // The button is rendered directly: its verb is Teams-only.
  card.body.push({
    type: 'ActionSet',
    actions: [{ type: 'Action.Execute', title: await ctx.text(inb, 'teams.setup.open_button'), verb: SETUP_VERB, data: { value: form.context } }],
  });
  await ctx.gateway.sendCard(inb.replyTo, card);
}

/** The click on that button: the form for its owner, a polite no for anyone else. */
export async function openSetupForm(ctx: TeamsContext, inb: Inbound, claim: string): Promise<ReturnType<typeof cardResponse> | ReturnType<typeof messageResponse>> {
  const form = await ctx.useCases.setupForm(inb.channel, inb.user);
  if (form.context !== claim) return messageResponse(ctx.useCases.errorMessage(new DomainError('setup_not_requested'), await ctx.lang(inb)).text);
  const names = await ctx.gateway.memberNames(inb.replyTo);
  return cardResponse(renderForm(form, { names }));
}
