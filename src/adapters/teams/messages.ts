/**
 * Commands as messages to the bot: `@Thermometer summary` in a channel or group chat,
 * or just `summary` in the 1:1 chat. The words and their meaning are the same as
 * Slack's `/thermometer` command. The HTTP request is answered at once; the command
 * runs after, and its reply (or a polite error) is posted to the conversation.
 */
import type { App } from '@microsoft/teams.apps';
import { DomainError } from '../../core/errors.ts';
import { inert } from '../../core/inert-text.ts';
import type { ChatMessage } from '../../core/message.ts';
import type { Language } from '../../core/network.ts';
import { isLevel } from '../../core/scale.ts';
import { commandOf, type Inbound } from './activity.ts';
import { renderForm } from './adaptive-card.ts';
import type { TeamsContext } from './context.ts';
import { deliverPrivately } from './private.ts';
import { offerSetupForm } from './setup.ts';

export const COMMANDS = ['help', 'setup', 'now', 'close', 'summary', 'dashboard', 'export', 'tips', 'privacy', 'erase', 'schedule', 'join', 'leave', 'code', 'channel'] as const;
type Command = (typeof COMMANDS)[number];

/** Commands that act on a network, so only make sense in its channel. */
const CHANNEL_ONLY: ReadonlySet<Command> = new Set(['setup', 'now', 'close', 'summary', 'dashboard', 'export', 'erase', 'schedule', 'join', 'leave', 'code', 'channel']);

export function registerMessages(teamsApp: App, ctx: TeamsContext): void {
  teamsApp.on('message', async ({ activity }) => {
    const inb = ctx.read(activity);
    if (!inb || !(await ctx.firstDelivery(inb))) return;
    ctx.gateway.observe(inb.botId, { aadObjectId: inb.user.user, teamsId: inb.teamsUserId });
    const { command, args } = commandOf(inb.activity);
    ctx.later('command', () => run(ctx, inb, command, args));
  });
}

function isCommand(word: string): word is Command {
  return (COMMANDS as readonly string[]).includes(word);
}

async function run(ctx: TeamsContext, inb: Inbound, word: string, args: string[]): Promise<void> {
  const { useCases } = ctx;
  try {
    if (word !== '' && !isCommand(word)) {
      const intro = await ctx.text(inb, 'teams.command.unknown', { command: inert(word.slice(0, 40)) });
      const help = await useCases.help(inb.channel, await ctx.lang(inb));
      return await ctx.reply(inb, { ...help, blocks: [{ kind: 'paragraph', text: intro }, ...help.blocks] });
    }
    const command: Command = word === '' ? 'help' : word;
    if (inb.kind === 'personal' && CHANNEL_ONLY.has(command)) {
      const text = await ctx.text(inb, 'teams.command.channel_only', { command });
      return await ctx.reply(inb, { text, blocks: [{ kind: 'paragraph', text }] });
    }
    ctx.log.info('teams command', { command });
    switch (command) {
      case 'help':
        return await ctx.reply(inb, await useCases.help(inb.channel, await ctx.lang(inb)));
      case 'privacy':
        return await ctx.reply(inb, await useCases.privacy(inb.channel, await ctx.lang(inb)));
      case 'schedule':
        return await ctx.reply(inb, await useCases.schedule(inb.channel));
      case 'tips': {
        const level = args[0] === undefined ? undefined : Number(args[0]);
        if (level !== undefined && !isLevel(level)) throw new DomainError('level_out_of_range');
        return await ctx.reply(inb, await useCases.tips(inb.channel, level, await ctx.lang(inb)));
      }
      case 'setup':
        // Never the form itself in the channel: anyone there could submit it.
        return await offerSetupForm(ctx, inb);
      case 'erase':
        await ctx.gateway.sendCard(inb.replyTo, renderForm(await useCases.eraseForm(inb.channel, inb.user)));
        return;
      case 'now':
        await useCases.openRoundNow(inb.channel, inb.user);
        return;
      case 'close':
        await useCases.closeRoundNow(inb.channel, inb.user);
        return;
      // A new join code is a credential, and the channels with their labels are for
      // coordinators: like the summary, never in the channel.
      case 'summary':
      case 'dashboard':
      case 'export':
      case 'code':
      case 'channel':
        return await deliverPrivately(ctx, inb, command, args);
      case 'join': {
        // `join <code> [name]`: the confirmation names the network, never the code.
        const [code = '', ...label] = args;
        return await ctx.reply(inb, await useCases.join(inb.binding, inb.user, code, label.join(' ')));
      }
      case 'leave':
        return await ctx.reply(inb, await useCases.leave(inb.channel, inb.user));
    }
  } catch (error) {
    const message: ChatMessage = useCases.errorMessage(error, await ctx.lang(inb).catch((): Language => 'nl'));
    if (!(error instanceof DomainError)) ctx.log.error('teams command failed', { command: word, error: error instanceof Error ? error : String(error) });
    await ctx.reply(inb, message);
  }
}
