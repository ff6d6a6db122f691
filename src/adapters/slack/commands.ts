/**
 * `/thermometer <word>`: the slash command. Slack wants an answer within three
 * seconds, so ack() comes first and every reply goes out privately afterwards. The
 * setup and erase modals open with the command's trigger_id, which is only valid for
 * a few seconds, so they open before anything slow.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import { inert } from '../../core/inert-text.ts';
import type { ChatMessage } from '../../core/message.ts';
import { isLevel } from '../../core/scale.ts';
import { channelChange } from '../../app/joining.ts';
import { renderModal } from './block-kit.ts';
import { actorOf, type Actor, type SlackContext } from './context.ts';

export const COMMANDS = ['help', 'setup', 'now', 'close', 'summary', 'dashboard', 'export', 'tips', 'privacy', 'erase', 'schedule', 'join', 'leave', 'code', 'channel'] as const;
type Command = (typeof COMMANDS)[number];

const commandSchema = z.object({
  text: z.string().max(500).default(''),
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  user_id: z.string().min(1),
  trigger_id: z.string().min(1),
});

function isCommand(word: string): word is Command {
  return (COMMANDS as readonly string[]).includes(word);
}

export function registerCommands(app: App, ctx: SlackContext): void {
  app.command('/thermometer', async ({ ack, body, respond, client }) => {
    await ack();
    const parsed = commandSchema.safeParse(body);
    if (!parsed.success) {
      ctx.log.warn('slash command without the fields it needs', { issues: parsed.error.issues.length });
      return;
    }
    const cmd = parsed.data;
    // A signed command replayed within Slack's five-minute window is the same trigger:
    // it must not open or close a second round.
    if (!(await ctx.useCases.firstDelivery('slack', `command:${cmd.trigger_id}`))) {
      ctx.log.info('slack command replayed; ignored', {});
      return;
    }
    const actor = actorOf(cmd.team_id, cmd.channel_id, cmd.user_id, respond);
    // The command word and its options in lower case; what people name (a channel) as typed.
    const [word = '', ...typed] = cmd.text.trim().split(/\s+/);
    const first = word.toLowerCase();
    const args = typed.map((a) => a.toLowerCase());
    try {
      await run(ctx, actor, first, { args, typed }, async (form) => {
        await client.views.open({ trigger_id: cmd.trigger_id, view: renderModal(form, { context: form.context, channel: cmd.channel_id }) });
      });
    } catch (error) {
      await ctx.fail(actor, error, `command ${isCommand(first) ? first : 'unknown'}`);
    }
  });
}

async function run(
  ctx: SlackContext,
  actor: Actor,
  word: string,
  { args, typed }: { args: string[]; typed: string[] },
  openModal: (form: Awaited<ReturnType<SlackContext['useCases']['setupForm']>>) => Promise<void>,
): Promise<void> {
  const { useCases } = ctx;
  if (word !== '' && !isCommand(word)) {
    const help = await useCases.help(actor.channel);
    const intro = await ctx.text(actor.channel, 'slack.command.unknown', { command: inert(word.slice(0, 40)) });
    return ctx.tell(actor, { ...help, blocks: [{ kind: 'paragraph', text: intro }, ...help.blocks] });
  }
  const command: Command = word === '' ? 'help' : word;
  ctx.log.info('slack command', { command });
  switch (command) {
    case 'help':
      return ctx.tell(actor, await useCases.help(actor.channel));
    case 'privacy':
      return ctx.tell(actor, await useCases.privacy(actor.channel));
    case 'schedule':
      return ctx.tell(actor, await useCases.schedule(actor.channel));
    case 'tips': {
      const level = args[0] === undefined ? undefined : Number(args[0]);
      if (level !== undefined && !isLevel(level)) throw new DomainError('level_out_of_range');
      return ctx.tell(actor, await useCases.tips(actor.channel, level));
    }
    case 'setup': {
      // The modal first: the trigger id expires within seconds.
      await openModal(await useCases.setupForm(actor.channel, actor.user));
      if ((await ctx.gateway.isMember(actor.channel.channel, actor.channel.workspace)) === false) await ctx.tell(actor, await note(ctx, actor, 'slack.invite_first', 'paragraph'));
      return;
    }
    case 'erase':
      return openModal(await useCases.eraseForm(actor.channel, actor.user));
    case 'now': {
      // A round the bot cannot post would open unseen: ask to be invited instead.
      await useCases.requireCoordinator(actor.channel, actor.user);
      if ((await ctx.gateway.isMember(actor.channel.channel, actor.channel.workspace)) === false) return ctx.tell(actor, await note(ctx, actor, 'slack.invite_first', 'paragraph'));
      await useCases.openRoundNow(actor.channel, actor.user);
      return ctx.tell(actor, await note(ctx, actor, 'slack.now.done'));
    }
    case 'close': {
      await useCases.closeRoundNow(actor.channel, actor.user);
      return ctx.tell(actor, await note(ctx, actor, 'slack.close.done'));
    }
    case 'summary': {
      // `summary 6`: the last six rounds instead of the default twelve.
      const rounds = Number(args[0]);
      return ctx.tell(actor, await useCases.summary(actor.channel, actor.user, Number.isInteger(rounds) && rounds > 0 ? { rounds } : undefined));
    }
    case 'dashboard':
      // The signed link is a capability: it goes to the coordinator only, never the channel.
      return ctx.tell(actor, await useCases.dashboardLink(actor.channel, actor.user));
    case 'export': {
      const { filename, csv } = await useCases.exportCsv(actor.channel, actor.user);
      const text = await ctx.text(actor.channel, 'slack.export.sent', { filename });
      await ctx.gateway.direct(
        actor.user,
        {
          text,
          blocks: [{ kind: 'paragraph', text }],
          attachments: [{ id: 'export', filename, mimeType: 'text/csv', data: new TextEncoder().encode(csv), alt: filename }],
        },
        { ...actor.channel, networkId: '', serviceUrl: '' },
      );
      return ctx.tell(actor, await note(ctx, actor, 'slack.export.check_dm'));
    }
    case 'join': {
      // `join <code> [name]`: the reply is private, like the code typed with it.
      const [code = '', ...label] = typed;
      await ctx.tell(actor, await useCases.join({ ...actor.channel, serviceUrl: '' }, actor.user, code, label.join(' ')));
      if ((await ctx.gateway.isMember(actor.channel.channel, actor.channel.workspace)) === false) await ctx.tell(actor, await note(ctx, actor, 'slack.invite_first', 'paragraph'));
      return;
    }
    case 'leave':
      return ctx.tell(actor, await useCases.leave(actor.channel, actor.user));
    case 'code':
      return ctx.tell(actor, await useCases.rotateJoinCode(actor.channel, actor.user));
    case 'channel':
      return ctx.tell(actor, await useCases.channels(actor.channel, actor.user, channelChange(typed)));
  }
}

async function note(ctx: SlackContext, actor: Actor, key: string, kind: 'context' | 'paragraph' = 'context'): Promise<ChatMessage> {
  const text = await ctx.text(actor.channel, key);
  return { text, blocks: [{ kind, text }] };
}
