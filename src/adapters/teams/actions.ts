/**
 * Card clicks: `adaptiveCard/action` invokes from `Action.Execute` buttons (verb = a
 * neutral action id, data.value = its value) and form submits (verb `submit`). Each is
 * answered in the invoke response, which Teams shows to the person who clicked only:
 * "recorded anonymously …" after an answer, the answer form for "more questions" or for
 * adopting a suggestion as an agreement, a polite message on an error. Nothing anyone else answered is ever in it. Shared cards
 * (a setup or erase form others can see) are updated after the response.
 */
import type { App } from '@microsoft/teams.apps';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { DomainError } from '../../core/errors.ts';
import { ACTION_IDS, type ActionId, type ChatMessage } from '../../core/message.ts';
import type { ChannelRef, Language } from '../../core/network.ts';
import { isLevel } from '../../core/scale.ts';
import { cardActionSchema, type Inbound } from './activity.ts';
import { cardResponse, DATA_KEYS, messageResponse, readSubmission, renderForm, SUBMIT_VERB, type Submission } from './adaptive-card.ts';
import type { TeamsContext } from './context.ts';
import { PRIVATE_KINDS, privateMessage, REVEAL_VERB, type PrivateKind } from './private.ts';
import { openSetupForm, SETUP_VERB } from './setup.ts';

type InvokeBody = ReturnType<typeof cardResponse> | ReturnType<typeof messageResponse>;

export function registerActions(teamsApp: App, ctx: TeamsContext): void {
  teamsApp.on('card.action', async ({ activity }) => {
    const inb = ctx.read(activity);
    const parsed = cardActionSchema.safeParse(activity.value);
    if (!inb || !parsed.success) return messageResponse(await actionUnknown(ctx, inb));
    if (!(await ctx.firstDelivery(inb))) return messageResponse(await ctx.text(inb, 'teams.action.duplicate'));
    ctx.gateway.observe(inb.botId, { aadObjectId: inb.user.user, teamsId: inb.teamsUserId });
    const verb = parsed.data.action.verb ?? '';
    const data = parsed.data.action.data ?? {};
    try {
      return await handle(ctx, inb, verb, data);
    } catch (error) {
      if (!(error instanceof DomainError)) ctx.log.error('teams card action failed', { verb, error: error instanceof Error ? error : String(error) });
      const language = await ctx.lang(inb).catch((): Language => 'nl');
      return messageResponse(ctx.useCases.errorMessage(error, language).text);
    }
  });
}

async function actionUnknown(ctx: TeamsContext, inb: Inbound | undefined): Promise<string> {
  return inb ? ctx.text(inb, 'teams.action.unknown') : 'This button no longer works.';
}

function isActionId(verb: string): verb is ActionId {
  return (ACTION_IDS as readonly string[]).includes(verb);
}

async function handle(ctx: TeamsContext, inb: Inbound, verb: string, data: Record<string, unknown>): Promise<InvokeBody> {
  const value = typeof data.value === 'string' ? data.value.slice(0, 200) : '';
  if (verb === SUBMIT_VERB) {
    const submission = readSubmission(data);
    return submission ? submit(ctx, inb, submission) : messageResponse(await actionUnknown(ctx, inb));
  }
  if (verb === SETUP_VERB) return openSetupForm(ctx, inb, value);
  if (verb === REVEAL_VERB) {
    if (!(PRIVATE_KINDS as readonly string[]).includes(value)) return messageResponse(await actionUnknown(ctx, inb));
    return personal(ctx, await privateMessage(ctx, inb, value as PrivateKind));
  }
  if (!isActionId(verb)) return messageResponse(await actionUnknown(ctx, inb));
  ctx.log.info('teams card action', { action: verb });
  const { useCases } = ctx;
  switch (verb) {
    case 'answer': {
      const [roundId = '', levelText = ''] = value.split(':');
      const level = Number(levelText);
      if (!isLevel(level)) throw new DomainError('level_out_of_range');
      // Past capacity: DomainError('busy'), answered in the invoke response like any refusal.
      const receipt = await ctx.admission.run(() => useCases.answerLevel(roundId, inb.user, level, inb.channel), ctx.arrivedAt(inb.activity.id));
      return personal(ctx, receipt.confirmation);
    }
    case 'more_questions':
      return cardResponse(renderForm(await useCases.answerForm(value, inb.user, inb.channel)));
    case 'withdraw': {
      const { confirmation } = await useCases.withdraw(value, inb.user, inb.channel);
      return personal(ctx, confirmation);
    }
    case 'post_summary':
      await useCases.postSummary(channelOf(inb, data), inb.user);
      return messageResponse(await ctx.text(inb, 'teams.summary.posted'));
    case 'more_interventions':
      return personal(ctx, await useCases.moreInterventions(value, inb.user, inb.channel));
    case 'rotate_join_code':
      // In the invoke response: only the coordinator who clicked sees the new code.
      return personal(ctx, await useCases.rotateJoinCode(channelOf(inb, data), inb.user));
    case 'erase_confirm':
      return shared(ctx, inb, await useCases.erase(channelOf(inb, data), inb.user));
    case 'adopt_suggestion':
      // The form in the invoke response: only the coordinator who clicked sees it.
      return cardResponse(renderForm(await useCases.adoptForm(value, inb.user, inb.channel)));
    case 'agreement_done':
    case 'agreement_drop':
      return personal(ctx, await useCases.closeAgreement(value, inb.user, verb === 'agreement_done' ? 'done' : 'dropped', inb.channel));
  }
}

async function submit(ctx: TeamsContext, inb: Inbound, submission: Submission): Promise<InvokeBody> {
  const { useCases } = ctx;
  switch (submission.form) {
    case 'setup': {
      const { confirmation, channelConfirmation } = await useCases.submitSetup(inb.binding, inb.user, submission.values, submission.context);
      ctx.log.info('teams network set up', {});
      // The join code only in what the coordinator sees; the channel's card without it.
      return shared(ctx, inb, confirmation, channelConfirmation);
    }
    case 'answer': {
      const receipt = await ctx.admission.run(() => useCases.submitAnswerForm(submission.context, inb.user, submission.values, inb.channel), ctx.arrivedAt(inb.activity.id));
      return personal(ctx, receipt.confirmation);
    }
    case 'erase':
      return shared(ctx, inb, await useCases.erase(channelOf(inb, submission.values), inb.user));
    case 'agreement':
      return personal(ctx, await useCases.submitAgreementForm(submission.context, inb.user, submission.values, inb.channel));
  }
}

/** The result for the clicker only. */
function personal(ctx: TeamsContext, message: ChatMessage): InvokeBody {
  return cardResponse(ctx.render(message));
}

/**
 * The result for the clicker at once, and for everyone after: the card they clicked
 * (a form in the channel) is replaced so nobody is left looking at a stale form. What
 * everyone sees may leave out what is for the clicker only (`forChannel`).
 */
function shared(ctx: TeamsContext, inb: Inbound, message: ChatMessage, forChannel: ChatMessage = message): InvokeBody {
  const card: IAdaptiveCard = ctx.render(message);
  const channelCard: IAdaptiveCard = forChannel === message ? card : ctx.render(forChannel);
  const cardId = inb.activity.replyToId;
  if (cardId) ctx.later('update shared card', () => ctx.gateway.updateCard(inb.replyTo, cardId, channelCard));
  return cardResponse(card);
}

/**
 * The channel an action is about: the conversation the card is in, or for cards sent
 * in a 1:1 chat (a private summary) the channel they were sent for. Acting on it still
 * requires the clicker to be a coordinator there.
 */
function channelOf(inb: Inbound, data: Record<string, unknown>): ChannelRef {
  const channel = data[DATA_KEYS.channel];
  if (inb.kind === 'personal' && typeof channel === 'string' && channel !== '' && channel.length <= 1024) {
    return { ...inb.channel, channel };
  }
  return inb.channel;
}
