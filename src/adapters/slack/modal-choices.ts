/**
 * A choice in an open modal that other fields depend on (the schedule: "own schedule"
 * needs a cron expression; the time zone: "other" needs its name). Slack sends the
 * choice as a `block_actions` from the view; the modal is re-rendered for that choice
 * and replaced with `views.update` (guarded by the view's hash, so a newer version of
 * the modal is never overwritten). What the person typed stays: Slack keeps the values
 * of inputs whose block stays.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Form } from '../../core/message.ts';
import { controllingFields, modalMetadataSchema, renderModal, viewStateSchema } from './block-kit.ts';
import { actorOf, type SlackContext } from './context.ts';

const viewActionSchema = z.object({
  type: z.literal('block_actions'),
  team: z.object({ id: z.string().min(1) }).nullish(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  view: z.object({
    id: z.string().min(1),
    hash: z.string().optional(),
    callback_id: z.string(),
    private_metadata: z.string().max(3000),
    state: z.object({ values: viewStateSchema }),
  }),
  actions: z.array(z.object({ action_id: z.string().max(255) })).min(1),
});

/** True when the body is a choice inside a modal (handled here, or ignored), not a button in a message. */
export function isModalChoice(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'view' in body && (body as { view?: unknown }).view !== undefined && (body as { view?: unknown }).view !== null;
}

/** Updates the setup modal when a choice that shows or hides a field changes. Never throws: failures are logged. */
export async function updateModalForChoice(ctx: SlackContext, body: unknown, client: App['client']): Promise<void> {
  const parsed = viewActionSchema.safeParse(body);
  if (!parsed.success || parsed.data.view.callback_id !== 'setup') return;
  const { view, user } = parsed.data;
  const team = parsed.data.team?.id ?? user.team_id;
  let metadata: z.infer<typeof modalMetadataSchema>;
  try {
    metadata = modalMetadataSchema.parse(JSON.parse(view.private_metadata));
  } catch {
    return;
  }
  if (!team) return;
  try {
    const actor = actorOf(team, metadata.channel, user.id);
    const form: Form = await ctx.useCases.setupForm(actor.channel, actor.user);
    if (!parsed.data.actions.some((a) => controllingFields(form).has(a.action_id))) return;
    await client.views.update({ view_id: view.id, ...(view.hash ? { hash: view.hash } : {}), view: renderModal(form, metadata, view.state.values) });
  } catch (error) {
    // A refused update (an outdated hash: the person chose again) leaves the modal as it is.
    ctx.log.warn('setup modal not updated', { error: error instanceof Error ? error : String(error) });
  }
}
