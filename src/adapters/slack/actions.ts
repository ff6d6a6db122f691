/**
 * Button clicks (`block_actions`): answering, "more questions", withdrawing, sharing a
 * summary, all suggestions, erasing, adopting a suggestion and closing an agreement. The use case runs first, so an answer is recorded
 * before ack(); the confirmation goes to the person who clicked only, after. A double click records the same
 * answer twice, which changes nothing; a redelivered interaction is dropped by id.
 * In a Slack Connect channel people of another organisation click too: the channel is
 * the host's (`team.id`), the person is known by their own workspace (`user.team_id`).
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import { ACTION_IDS, type ActionId } from '../../core/message.ts';
import { isLevel } from '../../core/scale.ts';
import { neutralActionId } from './block-kit.ts';
import { actorOf, responderFor, type Actor, type SlackContext } from './context.ts';
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
  app.action(/.*/, async ({ ack, body, client, context }) => {
    const respond = responderFor(ctx, body);
    const arrivedAt = typeof context.arrivedAt === 'number' ? context.arrivedAt : undefined;
    let reply: Reply;
    try {
      // The answer is durable in the store before Slack hears "ok": an acknowledged click
      // survives a crash. Replies, modals and the count come after.
      reply = await start(ctx, body, respond, client, arrivedAt);
    } catch (error) {
      // The store itself failed (e.g. locked past its busy timeout): apologise, change nothing.
      reply = () => ctx.fail(actorFromBody(body, respond), error, 'action');
    }
    await ack();
    await reply();
  });
}

/** What is left to do once Slack has its acknowledgement; never throws. */
type Reply = () => Promise<void>;
const nothing: Reply = () => Promise.resolve();

/** Who clicked where, as far as the body says; for apologies when nothing else worked. */
function actorFromBody(body: unknown, respond: Actor['respond']): Actor {
  const parsed = actionsSchema.safeParse(body);
  const team = parsed.success ? (parsed.data.team?.id ?? parsed.data.user.team_id ?? '') : '';
  const channel = parsed.success ? (parsed.data.channel?.id ?? parsed.data.container?.channel_id ?? '') : '';
  return actorOf(team, channel, parsed.success ? parsed.data.user.id : '', respond, parsed.success ? (parsed.data.user.team_id ?? team) : team);
}

/** Validates a click and runs its use case; returns the reply to send after the ack. */
async function start(ctx: SlackContext, body: unknown, respond: Actor['respond'], client: App['client'], arrivedAt: number | undefined): Promise<Reply> {
  if (isModalChoice(body)) {
    await updateModalForChoice(ctx, body, client);
    return nothing;
  }
  const parsed = actionsSchema.safeParse(body);
  if (!parsed.success) {
    ctx.log.warn('button click without the fields it needs', { issues: parsed.error.issues.length });
    return nothing;
  }
  const click = parsed.data;
  const action = click.actions[0];
  const channelId = click.channel?.id ?? click.container?.channel_id;
  const team = click.team?.id ?? click.user.team_id;
  if (!action || !channelId || !team) return nothing;
  const id = neutralActionId(action.action_id);
  if (!isActionId(id)) return nothing;
  if (!(await ctx.useCases.firstDelivery('slack', `action:${click.trigger_id}`))) return nothing;
  const actor = actorOf(team, channelId, click.user.id, respond, click.user.team_id ?? team);
  const failed = (error: unknown): Reply => () => ctx.fail(actor, error, `action ${id}`);
  try {
    const reply = await handle(ctx, actor, id, action.value ?? '', (form) => ctx.gateway.openModal(click.trigger_id, form, channelId, team), arrivedAt);
    return () => reply().catch((error: unknown) => failed(error)());
  } catch (error) {
    return failed(error);
  }
}

async function handle(
  ctx: SlackContext,
  actor: Actor,
  id: ActionId,
  value: string,
  openModal: (form: Awaited<ReturnType<SlackContext['useCases']['answerForm']>>) => Promise<void>,
  arrivedAt: number | undefined,
): Promise<Reply> {
  const { useCases } = ctx;
  switch (id) {
    case 'answer': {
      const [roundId = '', raw = ''] = value.split(':');
      const level = Number(raw);
      if (!isLevel(level)) throw new DomainError('level_out_of_range');
      // Past capacity: DomainError('busy'), told through the response_url like any refusal.
      const receipt = await ctx.admission.run(() => useCases.answerLevel(roundId, actor.user, level, actor.channel), arrivedAt);
      return () => ctx.tell(actor, receipt.confirmation);
    }
    case 'more_questions': {
      const form = await useCases.answerForm(value, actor.user, actor.channel);
      return () => openModal(form);
    }
    case 'withdraw': {
      const { confirmation } = await useCases.withdraw(value, actor.user, actor.channel);
      return () => ctx.tell(actor, confirmation);
    }
    case 'post_summary':
      return () => useCases.postSummary(actor.channel, actor.user);
    case 'more_interventions': {
      const message = await useCases.moreInterventions(value, actor.user, actor.channel);
      return () => ctx.tell(actor, message);
    }
    case 'rotate_join_code': {
      const message = await useCases.rotateJoinCode(actor.channel, actor.user);
      return () => ctx.tell(actor, message);
    }
    case 'erase_confirm':
      // After the ack: erasing ends with compacting the whole archive, which takes time.
      return async () => ctx.tell(actor, await useCases.erase(actor.channel, actor.user));
    case 'adopt_suggestion': {
      const form = await useCases.adoptForm(value, actor.user, actor.channel);
      return () => openModal(form);
    }
    case 'agreement_done':
    case 'agreement_drop': {
      const message = await useCases.closeAgreement(value, actor.user, id === 'agreement_done' ? 'done' : 'dropped', actor.channel);
      return () => ctx.tell(actor, message);
    }
  }
}
