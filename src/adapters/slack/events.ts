/**
 * Events API: the bot removed from a channel, the channel deleted or archived, or the
 * app uninstalled from a workspace — each stops scheduling there. An uninstall and a
 * revoked bot token also remove the workspace's installation (and with it its token).
 * Bolt acknowledges events itself; a redelivery (same event_id, with x-slack-retry-num)
 * is dropped before any listener.
 */
import type { App, InstallationStore } from '@slack/bolt';
import { z } from 'zod';
import type { SlackContext } from './context.ts';

const tokensRevokedSchema = z.object({ tokens: z.object({ bot: z.array(z.string()).optional(), oauth: z.array(z.string()).optional() }) });

const envelopeSchema = z.object({ event_id: z.string().min(1), team_id: z.string().min(1) });
const channelEventSchema = z.object({ channel: z.union([z.string(), z.object({ id: z.string() })]) });

/** The events the bot subscribes to (the manifest's bot events), each handled below. */
const CHANNEL_GONE = ['channel_deleted', 'channel_archive', 'group_deleted', 'group_archive'] as const;
const HANDLED = new RegExp(`^(${[...CHANNEL_GONE, 'member_left_channel', 'app_uninstalled', 'tokens_revoked'].join('|')})$`);

export function registerEvents(app: App, ctx: SlackContext, installations?: Pick<InstallationStore, 'deleteInstallation'>): void {
  const forget = async (teamId: string, event: unknown): Promise<void> => {
    const parsed = channelEventSchema.safeParse(event);
    if (!parsed.success) return;
    const channel = typeof parsed.data.channel === 'string' ? parsed.data.channel : parsed.data.channel.id;
    await ctx.useCases.forgetChannel({ platform: 'slack', workspace: teamId, channel });
    ctx.log.info('slack channel forgotten', { channel });
  };

  const removeInstallation = async (teamId: string): Promise<void> => {
    await installations?.deleteInstallation?.({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
  };

  // One listener for every event: Bolt runs the filters of every listener on every
  // request, answer clicks included, so each listener more costs every click.
  app.event(HANDLED, async ({ body, event, context }) => {
    // A redelivered event is dropped before anything is done.
    const envelope = envelopeSchema.safeParse(body);
    if (envelope.success && !(await ctx.useCases.firstDelivery('slack', `event:${envelope.data.event_id}`))) {
      ctx.log.info('slack event redelivered; ignored', { eventId: envelope.data.event_id });
      return;
    }
    const teamId = body.team_id;
    switch (event.type) {
      case 'member_left_channel':
        if (event.user === context.botUserId) await forget(teamId, event);
        return;
      case 'app_uninstalled': {
        await removeInstallation(teamId);
        const channels = await ctx.useCases.forgetWorkspace('slack', teamId);
        ctx.log.info('slack app uninstalled from a workspace', { channels });
        return;
      }
      case 'tokens_revoked': {
        const parsed = tokensRevokedSchema.safeParse(event);
        // Only the bot's token matters: the bot keeps no one's user token.
        if (!parsed.success || (parsed.data.tokens.bot ?? []).length === 0) return;
        await removeInstallation(teamId);
        ctx.log.info('slack bot token revoked in a workspace', {});
        return;
      }
      default:
        if ((CHANNEL_GONE as readonly string[]).includes(event.type)) await forget(teamId, event);
    }
  });
}
