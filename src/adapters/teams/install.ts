/**
 * The bot joining and leaving conversations. Added to a team or group chat
 * (`conversationUpdate` with the bot among `membersAdded`, or `installationUpdate`
 * add), it remembers where to post later — conversation id, regional service URL,
 * tenant — and greets with a short card. Removed (bot in `membersRemoved`,
 * `installationUpdate` remove, the team or channel deleted), it forgets the channel so
 * nothing is scheduled there any more.
 */
import type { App } from '@microsoft/teams.apps';
import type { ChatMessage } from '../../core/message.ts';
import type { Inbound } from './activity.ts';
import type { TeamsContext } from './context.ts';

export function registerInstall(teamsApp: App, ctx: TeamsContext): void {
  teamsApp.on('conversationUpdate', async ({ activity }) => {
    const inb = ctx.read(activity);
    if (!inb || !ctx.firstDelivery(inb)) return;
    const botId = inb.botId;
    const event = inb.activity.channelData?.eventType;
    if (inb.activity.membersAdded?.some((m) => m.id === botId)) {
      ctx.gateway.observe(botId, undefined);
      joined(ctx, inb, true);
    } else if (inb.activity.membersRemoved?.some((m) => m.id === botId) || event === 'teamDeleted') {
      left(ctx, inb);
    } else if (event === 'channelDeleted') {
      const deleted = inb.activity.channelData?.channel?.id;
      if (deleted) ctx.useCases.forgetChannel({ ...inb.channel, channel: deleted });
    }
  });

  teamsApp.on('installationUpdate', async ({ activity }) => {
    const inb = ctx.read(activity);
    if (!inb || !ctx.firstDelivery(inb)) return;
    // Teams also sends conversationUpdate for the same install; that one greets.
    if (inb.activity.action === 'add') joined(ctx, inb, false);
    else if (inb.activity.action === 'remove') left(ctx, inb);
  });
}

function joined(ctx: TeamsContext, inb: Inbound, greet: boolean): void {
  if (inb.kind !== 'personal') ctx.useCases.rememberChannel(inb.binding);
  ctx.log.info('teams conversation joined', { kind: inb.kind });
  if (greet) ctx.later('greeting', () => ctx.reply(inb, greeting(ctx, inb)));
}

function left(ctx: TeamsContext, inb: Inbound): void {
  ctx.useCases.forgetChannel(inb.channel);
  ctx.log.info('teams conversation left', { kind: inb.kind });
}

function greeting(ctx: TeamsContext, inb: Inbound): ChatMessage {
  const title = ctx.text(inb, 'teams.greeting.title');
  if (inb.kind === 'personal') {
    return { text: title, blocks: [{ kind: 'heading', text: title }, { kind: 'paragraph', text: ctx.text(inb, 'teams.greeting.personal') }] };
  }
  return {
    text: `${title} ${ctx.text(inb, 'teams.greeting.body')}`,
    blocks: [
      { kind: 'heading', text: title },
      { kind: 'paragraph', text: ctx.text(inb, 'teams.greeting.body') },
      { kind: 'context', text: ctx.text(inb, 'teams.greeting.setup') },
    ],
  };
}
