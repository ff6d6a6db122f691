/**
 * Modal submissions (`view_submission`): setup, the "more questions" answer form, the
 * erase confirmation and the agreement form. A value the use case refuses (DomainError 'invalid_settings' and
 * friends) is shown inside the modal next to the field, so nothing typed is lost.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { isDomainError } from '../../core/errors.ts';
import type { Form, FormId } from '../../core/message.ts';
import { modalMetadataSchema, readModalValues, viewStateSchema } from './block-kit.ts';
import { actorOf, type Actor, type SlackContext } from './context.ts';
import { cutPlain, toPlain } from './mrkdwn.ts';

const submissionSchema = z.object({
  type: z.literal('view_submission'),
  trigger_id: z.string().min(1).optional(),
  team: z.object({ id: z.string().min(1) }).nullish(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  view: z.object({
    id: z.string().optional(),
    hash: z.string().optional(),
    callback_id: z.string(),
    private_metadata: z.string().max(3000),
    /** Slack Connect: the workspace the app is installed in when the modal was opened in another one's channel. */
    app_installed_team_id: z.string().optional(),
    state: z.object({ values: viewStateSchema }),
  }),
});

type ViewAck = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

/** The forms the bot opens as modals. */
const MODAL_FORMS = ['setup', 'answer', 'erase', 'agreement'] as const satisfies readonly FormId[];
type ModalForm = (typeof MODAL_FORMS)[number];
const isModalForm = (id: string): id is ModalForm => (MODAL_FORMS as readonly string[]).includes(id);

export function registerViews(app: App, ctx: SlackContext): void {
  // One listener for every form: Bolt runs the filters of every listener on every
  // request, answer clicks included, so each listener more costs every click.
  app.view(new RegExp(`^(${MODAL_FORMS.join('|')})$`), async ({ ack, body, context }) => {
    const id = body.view.callback_id;
    if (!isModalForm(id)) return void (await ack());
    const parsed = submissionSchema.safeParse(body);
    const metadata = parsed.success ? safeMetadata(parsed.data.view.private_metadata) : undefined;
    // The channel's workspace: where the app is installed (Slack Connect), else the team's.
    const team = parsed.success ? (parsed.data.view.app_installed_team_id ?? parsed.data.team?.id ?? parsed.data.user.team_id) : undefined;
    if (!parsed.success || !metadata || !team) {
      await ack();
      ctx.log.warn('modal submission without the fields it needs', { form: id });
      return;
    }
    // Every submission has a trigger of its own (a corrected form too); a replayed
    // one would undo what was changed since, so it is acknowledged and dropped.
    const { trigger_id: trigger, view } = parsed.data;
    if (!(await ctx.useCases.firstDelivery('slack', `view:${trigger ?? `${view.id ?? ''}:${view.hash ?? ''}`}`))) {
      await ack();
      ctx.log.info('slack modal submission replayed; ignored', { form: id });
      return;
    }
    const actor = actorOf(team, metadata.channel, parsed.data.user.id, undefined, parsed.data.user.team_id ?? team);
    const arrivedAt = typeof context.arrivedAt === 'number' ? context.arrivedAt : undefined;
    await submit(ctx, actor, id, metadata.context, parsed.data.view.state.values, ack as ViewAck, arrivedAt);
  });
}

function safeMetadata(raw: string): z.infer<typeof modalMetadataSchema> | undefined {
  try {
    const parsed = modalMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function submit(
  ctx: SlackContext,
  actor: Actor,
  id: FormId,
  context: string,
  state: z.infer<typeof viewStateSchema>,
  ack: ViewAck,
  arrivedAt: number | undefined,
): Promise<void> {
  const { useCases } = ctx;
  let form: Form | undefined;
  let acked = false;
  try {
    switch (id) {
      case 'setup': {
        form = await useCases.setupForm(actor.channel, actor.user);
        const { confirmation } = await useCases.submitSetup({ ...actor.channel, serviceUrl: '' }, actor.user, readModalValues(form, state), context);
        await ack();
        return await ctx.tell(actor, confirmation);
      }
      case 'answer': {
        // Past capacity: DomainError('busy'), told privately after the ack like any refusal.
        const receipt = await ctx.admission.run(async () => {
          form = await useCases.answerForm(context, actor.user, actor.channel);
          return useCases.submitAnswerForm(context, actor.user, readModalValues(form, state), actor.channel);
        }, arrivedAt);
        await ack();
        return await ctx.tell(actor, receipt.confirmation);
      }
      case 'erase': {
        // Acknowledged first: erasing ends with compacting the whole archive, which takes time.
        await ack();
        acked = true;
        return await ctx.tell(actor, await useCases.erase(actor.channel, actor.user));
      }
      case 'agreement': {
        form = await useCases.adoptForm(context, actor.user, actor.channel);
        const confirmation = await useCases.submitAgreementForm(context, actor.user, readModalValues(form, state), actor.channel);
        await ack();
        return await ctx.tell(actor, confirmation);
      }
    }
  } catch (error) {
    // A field the use case named: show it in the modal so nothing typed is lost.
    const field = isDomainError(error) ? error.params.field ?? error.params.statement : undefined;
    if (form && typeof field === 'string' && form.fields.some((f) => f.id === field)) {
      const message = useCases.errorMessage(error, await ctx.lang(actor.channel)).text;
      await ack({ response_action: 'errors', errors: { [field]: cutPlain(toPlain(message), 150) } });
      return;
    }
    if (!acked) await ack();
    await ctx.fail(actor, error, `form ${id}`);
  }
}
