/**
 * What the Slack listeners share: the use cases, the gateway, the language of a
 * channel, and one way to answer a person privately — through the interaction's
 * response_url when there is one (works in any channel), else chat.postEphemeral, or a
 * direct message when the bot is not in the channel.
 * Errors a person caused become a polite message in their language; anything else is
 * logged without the payload and answered with the generic apology.
 */
import type { Admission } from '../../app/admission.ts';
import type { UseCases } from '../../app/use-cases.ts';
import { t, type Params } from '../../content/i18n.ts';
import type { Content } from '../../content/load.ts';
import { isDomainError } from '../../core/errors.ts';
import type { ChatMessage } from '../../core/message.ts';
import type { ChannelRef, Language, UserRef } from '../../core/network.ts';
import { ChatError, type Logger } from '../../core/ports.ts';
import { replyForSlack } from './limits.ts';
import type { SlackGateway } from './gateway.ts';

/**
 * Who acted where, read from any Slack interaction. In a Slack Connect channel the two
 * workspaces differ: the channel belongs to the host (`team.id`; for modal submissions
 * `view.app_installed_team_id`), the person to their own (`user.team_id`).
 */
export interface Actor {
  channel: ChannelRef;
  user: UserRef;
  /** For the private reply; absent for modal submissions. */
  respond?: (message: { response_type: 'ephemeral'; replace_original: false; text: string; blocks: unknown[] }) => Promise<unknown>;
}

export interface SlackContext {
  useCases: UseCases;
  /** Answering past capacity is refused with DomainError('busy'); `arrivedAt` from the listener's context. */
  admission: Admission;
  content: Content;
  log: Logger;
  gateway: SlackGateway;
  lang(channel: ChannelRef): Promise<Language>;
  text(channel: ChannelRef, key: string, params?: Params): Promise<string>;
  /** A message only this person sees. Never throws: failures are logged. */
  tell(actor: Actor, message: ChatMessage): Promise<void>;
  /** Turns an error into a private, polite answer. */
  fail(actor: Actor, error: unknown, what: string): Promise<void>;
}

/**
 * Replies to the interaction's own response_url through the interactive client, when the
 * payload has one (slash commands and clicks do; modal submissions do not).
 */
export function responderFor(ctx: Pick<SlackContext, 'gateway'>, body: unknown): Actor['respond'] {
  const url = (body as { response_url?: unknown } | null)?.response_url;
  return typeof url === 'string' && url !== '' ? ctx.gateway.responder(url) : undefined;
}

export function actorOf(team: string, channel: string, user: string, respond?: Actor['respond'], userTeam: string = team): Actor {
  return {
    channel: { platform: 'slack', workspace: team, channel },
    user: { platform: 'slack', workspace: userTeam, user },
    ...(respond ? { respond } : {}),
  };
}

export function createSlackContext(options: { useCases: UseCases; admission: Admission; content: Content; log: Logger; gateway: SlackGateway }): SlackContext {
  const { useCases, admission, content, log, gateway } = options;
  const lang = (channel: ChannelRef): Promise<Language> => useCases.languageFor(channel);
  const tell = async (actor: Actor, message: ChatMessage): Promise<void> => {
    try {
      if (actor.respond) {
        const rendered = replyForSlack(message);
        await actor.respond({ response_type: 'ephemeral', replace_original: false, text: rendered.text, blocks: rendered.blocks });
        return;
      }
      try {
        await gateway.ephemeral(actor.channel.channel, actor.user.user, message, actor.channel.workspace);
      } catch (error) {
        // Not in the channel (yet): the reply is just as private in a direct message.
        if (!(error instanceof ChatError) || error.reason !== 'channel_gone') throw error;
        await gateway.direct(actor.user, message, { ...actor.channel, networkId: '', serviceUrl: '' });
      }
    } catch (error) {
      log.warn('private reply failed', { error: error instanceof Error ? error : String(error) });
    }
  };
  return {
    useCases,
    admission,
    content,
    log,
    gateway,
    lang,
    text: async (channel, key, params) => t(content, await lang(channel), key, params),
    tell,
    async fail(actor, error, what) {
      if (!isDomainError(error)) log.error('slack interaction failed', { what, error: error instanceof Error ? error : String(error) });
      // Even when the store itself failed: the apology then comes in the default language.
      const language = await lang(actor.channel).catch((): Language => 'nl');
      await tell(actor, useCases.errorMessage(error, language));
    },
  };
}
