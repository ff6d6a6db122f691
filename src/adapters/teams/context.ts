/**
 * What the Teams listeners share: the use cases, the gateway, rendering, the language
 * of a conversation, de-duplication of activities and running slow work after the
 * HTTP answer (Teams retries an activity that is not answered within 15 seconds).
 */
import type { Admission } from '../../app/admission.ts';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import type { UseCases } from '../../app/use-cases.ts';
import { t, type Params } from '../../content/i18n.ts';
import type { Content } from '../../content/load.ts';
import type { ChatMessage } from '../../core/message.ts';
import type { Language } from '../../core/network.ts';
import type { Logger } from '../../core/ports.ts';
import type { Downloads } from '../../http/downloads.ts';
import { activitySchema, inbound, type Inbound } from './activity.ts';
import { fitsTeams } from './card-size.ts';
import type { TeamsGateway } from './gateway.ts';

export interface TeamsContext {
  useCases: UseCases;
  /** Answering past capacity is refused with DomainError('busy'). */
  admission: Admission;
  /** When the request carrying this activity id arrived (src/http/arrival.ts), while it is being answered. */
  arrivedAt(activityId: string | undefined): number | undefined;
  content: Content;
  log: Logger;
  gateway: TeamsGateway;
  downloads: Downloads;
  render(message: ChatMessage, actionContext?: Record<string, string>): IAdaptiveCard;
  /** The activity as neutral references, or undefined when it lacks what the bot needs. */
  read(activity: unknown): Inbound | undefined;
  /** False when this activity id was handled before (a retry); records it otherwise. */
  firstDelivery(inb: Inbound): Promise<boolean>;
  lang(inb: Inbound): Promise<Language>;
  text(inb: Inbound, key: string, params?: Params): Promise<string>;
  /** Runs work after the HTTP answer; failures are logged, never thrown. */
  later(label: string, work: () => Promise<void>): void;
  /** Sends a neutral message as a card to where the activity came from. */
  reply(inb: Inbound, message: ChatMessage): Promise<void>;
}

export interface ContextOptions {
  useCases: UseCases;
  admission: Admission;
  arrivedAt: TeamsContext['arrivedAt'];
  content: Content;
  log: Logger;
  gateway: TeamsGateway;
  downloads: Downloads;
  render: TeamsContext['render'];
  fallbackTenant: string;
}

export function createContext(options: ContextOptions): TeamsContext & { idle(): Promise<void> } {
  const { useCases, content, log, gateway } = options;
  const pending = new Set<Promise<void>>();

  const lang = async (inb: Inbound): Promise<Language> => {
    if (await useCases.networkFor(inb.channel)) return useCases.languageFor(inb.channel);
    // Before setup (and in 1:1 chats) follow the person's Teams language, Dutch first.
    return inb.activity.locale?.toLowerCase().startsWith('en') ? 'en' : useCases.languageFor(inb.channel);
  };

  return {
    useCases,
    admission: options.admission,
    arrivedAt: options.arrivedAt,
    content,
    log,
    gateway,
    downloads: options.downloads,
    render: options.render,
    read(activity) {
      const parsed = activitySchema.safeParse(activity);
      return parsed.success ? inbound(parsed.data, options.fallbackTenant) : undefined;
    },
    async firstDelivery(inb) {
      const id = inb.activity.id;
      if (!id) return true;
      return useCases.firstDelivery('teams', id);
    },
    lang,
    text: async (inb, key, params) => t(content, await lang(inb), key, params),
    later(label, work) {
      const run = work()
        .catch((error: unknown) => log.error('teams work failed', { work: label, error: error instanceof Error ? error : String(error) }))
        .finally(() => pending.delete(run));
      pending.add(run);
    },
    async reply(inb, message) {
      // A reply too large for one card goes in its reduced form, when it has one.
      const full = options.render(message);
      await gateway.sendCard(inb.replyTo, !fitsTeams(full) && message.reduced ? options.render(message.reduced) : full);
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
