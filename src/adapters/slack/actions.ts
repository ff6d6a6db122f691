/**
 * Button clicks (`block_actions`): answering, "more questions", withdrawing, sharing a
 * summary, all suggestions, erasing. ack() first; the answer is recorded after, and
 * the confirmation goes to the person who clicked only. A double click records the same
 * answer twice, which changes nothing; a redelivered interaction is dropped by id.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import { ACTION_IDS, type ActionId } from '../../core/message.ts';
import { isLevel } from '../../core/scale.ts';
import { neutralActionId, renderModal } from './block-kit.ts';
import { actorOf, type Actor, type SlackContext } from './context.ts';
import { isModalChoice, updateModalForChoice } from './modal-choices.ts';

const actionsSchema = z.object({
  type: z.literal('block_actions'),
  trigger_id: z.string().min(1),
  team: z.object({ id: z.string().min(1) }).nullish(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  channel: z.object({ id: z.string().min(1) }).nullish(),
  container: z.object({ channel_id: z.string().optional() }).passthrough().nullish(),
  actions: z
    .array(z.object({ action_id: z.string().max(255), value: z.string().max(2000).optional(), action_ts: z.string().optional() }))
    .min(1),
});

function isActionId(id: string): id is ActionId {
  return (ACTION_IDS as readonly string[]).includes(id);
}

export function registerActions(app: App, ctx: SlackContext): void {
  app.action(/.*/, async ({ ack, body, respond, client }) => {
    let work: Promise<void>;
    try {
      work = start(ctx, body, respond, client);
    } catch (error) {
      // The store itself failed (e.g. locked past its busy timeout): apologise, change nothing.
      work = ctx.fail(actorFromBody(body, respond), error, 'action');
    }
    // The answer is in the database (synchronously, synchronous=FULL) before Slack hears
    // "ok": an acknowledged click survives a crash. Replies and the count come after.
    await ack();
    await work;
  });
}

/** Who clicked where, as far as the body says; for apologies when nothing else worked. */
function actorFromBody(body: unknown, respond: Actor['respond']): Actor {
  const parsed = actionsSchema.safeParse(body);
  const team = parsed.success ? (parsed.data.team?.id ?? parsed.data.user.team_id ?? '') : '';
  const channel = parsed.success ? (parsed.data.channel?.id ?? parsed.data.container?.channel_id ?? '') : '';
  return actorOf(team, channel, parsed.success ? parsed.data.user.id : '', respond);
}

/**
 * Validates a click and starts its use case. Everything up to the use case's first
 * `await` — the recording of an answer — runs before this returns.
 */
function start(ctx: SlackContext, body: unknown, respond: Actor['respond'], client: App['client']): Promise<void> {
  if (isModalChoice(body)) return updateModalForChoice(ctx, body, client);
  const parsed = actionsSchema.safeParse(body);
  if (!parsed.success) {
    ctx.log.warn('button click without the fields it needs', { issues: parsed.error.issues.length });
    return Promise.resolve();
  }
  const click = parsed.data;
  const action = click.actions[0];
  const channelId = click.channel?.id ?? click.container?.channel_id;
  const team = click.team?.id ?? click.user.team_id;
  if (!action || !channelId || !team) return Promise.resolve();
  const id = neutralActionId(action.action_id);
  if (!isActionId(id)) return Promise.resolve();
  if (!ctx.useCases.firstDelivery('slack', `action:${click.trigger_id}`)) return Promise.resolve();
  const actor = actorOf(team, channelId, click.user.id, respond);
  return handle(ctx, actor, id, action.value ?? '', async (form) => {
    await client.views.open({ trigger_id: click.trigger_id, view: renderModal(form, { context: form.context, channel: channelId }) });
  }).catch((error: unknown) => ctx.fail(actor, error, `action ${id}`));
}

async function handle(
  ctx: SlackContext,
  actor: Actor,
  id: ActionId,
  value: string,
  openModal: (form: ReturnType<SlackContext['useCases']['answerForm']>) => Promise<void>,
): Promise<void> {
  const { useCases } = ctx;
  switch (id) {
    case 'answer': {
      const [roundId = '', raw = ''] = value.split(':');
      const level = Number(raw);
      if (!isLevel(level)) throw new DomainError('level_out_of_range');
      const receipt = await useCases.answerLevel(roundId, actor.user, level);
      return ctx.tell(actor, receipt.confirmation);
    }
    case 'more_questions':
      return openModal(useCases.answerForm(value, actor.user));
    case 'withdraw': {
      const { confirmation } = await useCases.withdraw(value, actor.user);
      return ctx.tell(actor, confirmation);
    }
    case 'post_summary':
      return useCases.postSummary(actor.channel, actor.user);
    case 'more_interventions':
      return ctx.tell(actor, await useCases.moreInterventions(value, actor.user));
    case 'erase_confirm':
      return ctx.tell(actor, useCases.erase(actor.channel, actor.user));
  }
}
