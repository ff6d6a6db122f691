/**
 * The bot joining and leaving conversations. Added to a team or group chat
 * (`conversationUpdate` with the bot among `membersAdded`, or `installationUpdate`
 * add), it remembers where to post later — conversation id, regional service URL,
 * tenant — and greets with a short card. Removed (bot in `membersRemoved`,
 * `installationUpdate` remove, the team or channel deleted), it forgets the channel so
 * nothing is scheduled there any more.
 *
 * Shared channels work the same way: the bot is allowed into one channel at a time
 * (`channelMemberAdded` with the bot), the channel belongs to the host tenant. When
 * people join, the bot learns the Teams ids of those of the host tenant, for direct
 * messages later; people of another tenant (`membershipSource.tenantId`) cannot get
 * direct messages from it, so nothing is learnt for them.
 */
import type { App } from '@microsoft/teams.apps';
import type { ChatMessage } from '../../core/message.ts';
import type { Inbound } from './activity.ts';
import type { TeamsContext } from './context.ts';
import { membershipEventTenant, sameTenant } from './tenants.ts';

export function registerInstall(teamsApp: App, ctx: TeamsContext): void {
  teamsApp.on('conversationUpdate', async ({ activity }) => {
    const inb = ctx.read(activity);
    if (!inb || !(await ctx.firstDelivery(inb))) return;
    const botId = inb.botId;
    const event = inb.activity.channelData?.eventType;
    if (inb.activity.membersAdded?.some((m) => m.id === botId)) {
      ctx.gateway.observe(botId, undefined);
      await joined(ctx, inb, true);
    } else if (inb.activity.membersRemoved?.some((m) => m.id === botId) || event === 'teamDeleted') {
      await left(ctx, inb);
    } else if (event === 'channelDeleted') {
      const deleted = inb.activity.channelData?.channel?.id;
      if (deleted) await ctx.useCases.forgetChannel({ ...inb.channel, channel: deleted });
    } else if (inb.activity.membersAdded) {
      const tenant = membershipEventTenant(inb.activity);
      if (tenant && !sameTenant(tenant, inb.channel.workspace)) return;
      for (const member of inb.activity.membersAdded) {
        if (member.aadObjectId) ctx.gateway.observe(botId, { aadObjectId: member.aadObjectId, teamsId: member.id });
      }
    }
  });

  teamsApp.on('installationUpdate', async ({ activity }) => {
    const inb = ctx.read(activity);
    if (!inb || !(await ctx.firstDelivery(inb))) return;
    // Teams also sends conversationUpdate for the same install; that one greets.
    if (inb.activity.action === 'add') await joined(ctx, inb, false);
    else if (inb.activity.action === 'remove') await left(ctx, inb);
  });
}

async function joined(ctx: TeamsContext, inb: Inbound, greet: boolean): Promise<void> {
  if (inb.kind !== 'personal') await ctx.useCases.rememberChannel(inb.binding);
  ctx.log.info('teams conversation joined', { kind: inb.kind });
  if (greet) ctx.later('greeting', async () => ctx.reply(inb, await greeting(ctx, inb)));
}

async function left(ctx: TeamsContext, inb: Inbound): Promise<void> {
  await ctx.useCases.forgetChannel(inb.channel);
  ctx.log.info('teams conversation left', { kind: inb.kind });
}

async function greeting(ctx: TeamsContext, inb: Inbound): Promise<ChatMessage> {
  const title = await ctx.text(inb, 'teams.greeting.title');
  if (inb.kind === 'personal') {
    return { text: title, blocks: [{ kind: 'heading', text: title }, { kind: 'paragraph', text: await ctx.text(inb, 'teams.greeting.personal') }] };
  }
  const body = await ctx.text(inb, 'teams.greeting.body');
  return {
    text: `${title} ${body}`,
    blocks: [
      { kind: 'heading', text: title },
      { kind: 'paragraph', text: body },
      { kind: 'context', text: await ctx.text(inb, 'teams.greeting.setup') },
    ],
  };
}
