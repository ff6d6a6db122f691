/**
 * Inbound Teams activities at the edge: the zod shape every activity must have before
 * the SDK routes it (so malformed bodies get a 400, never a crash), and the mapping of
 * a valid activity to the neutral references the use cases speak: the channel (host
 * tenant + conversation id without the reply-thread suffix), the person (own tenant +
 * Entra object id, see tenants.ts) and where to answer.
 */
import { z } from 'zod';
import type { ChannelBinding, ChannelRef, UserRef } from '../../core/network.ts';
import { hostTenant, ownTenant, sameTenant } from './tenants.ts';

/** Where a member's access to a shared channel comes from, with their own tenant. */
const membershipSource = z.looseObject({
  sourceType: z.string().max(32).optional(),
  id: z.string().max(1024).optional(),
  membershipType: z.string().max(32).optional(),
  tenantId: z.string().max(128).optional(),
});

const account = z.looseObject({
  id: z.string().min(1).max(512),
  name: z.string().max(512).optional(),
  aadObjectId: z.string().max(128).optional(),
  membershipSources: z.array(membershipSource).max(100).optional(),
});

const entity = z.looseObject({
  type: z.string().max(64),
  text: z.string().max(2048).optional(),
  mentioned: z.looseObject({ id: z.string().max(512) }).optional(),
});

/**
 * The parts of a Bot Framework activity the bot relies on; the rest passes through.
 * The refinements cover what the SDK's router reads without checking (an invoke's
 * `value.*`, a mention's `mentioned.id`), so no body can make routing throw.
 */
export const activitySchema = z
  .looseObject({
    type: z.string().min(1).max(64),
    id: z.string().max(512).optional(),
    name: z.string().max(256).optional(),
    serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
    channelId: z.string().max(64).optional(),
    from: account,
    recipient: account,
    conversation: z.looseObject({
      id: z.string().min(1).max(1024),
      tenantId: z.string().max(128).optional(),
      conversationType: z.string().max(64).optional(),
      isGroup: z.boolean().optional(),
    }),
    channelData: z
      .looseObject({
        eventType: z.string().max(128).optional(),
        tenant: z.looseObject({ id: z.string().max(128) }).optional(),
        team: z.looseObject({ id: z.string().max(1024) }).optional(),
        channel: z.looseObject({ id: z.string().max(1024), type: z.string().max(32).optional() }).optional(),
        membershipSource: membershipSource.optional(),
      })
      .optional(),
    text: z.string().max(28_000).optional(),
    locale: z.string().max(64).optional(),
    entities: z.array(entity).max(100).optional(),
    membersAdded: z.array(account).max(5000).optional(),
    membersRemoved: z.array(account).max(5000).optional(),
    action: z.string().max(64).optional(),
    replyToId: z.string().max(512).optional(),
    value: z.unknown().optional(),
  })
  .refine((a) => a.type !== 'invoke' || (typeof a.value === 'object' && a.value !== null && !Array.isArray(a.value)), {
    message: 'an invoke needs an object value',
    path: ['value'],
  })
  .refine((a) => (a.entities ?? []).every((e) => e.type !== 'mention' || e.mentioned !== undefined), {
    message: 'a mention needs mentioned',
    path: ['entities'],
  });

export type InboundActivity = z.infer<typeof activitySchema>;

/** Card action invokes: `value.action` with the verb and its data. */
export const cardActionSchema = z.looseObject({
  action: z.looseObject({
    type: z.string().max(64),
    verb: z.string().max(128).optional(),
    data: z.record(z.string().max(256), z.unknown()).optional(),
  }),
});

export interface Inbound {
  activity: InboundActivity;
  /** The channel the network lives in: a reply thread's root conversation, in its host tenant. */
  channel: ChannelRef;
  binding: Omit<ChannelBinding, 'networkId'>;
  /** Where to reply: the conversation exactly as received (may be a thread). */
  replyTo: { serviceUrl: string; conversationId: string };
  /** The person: their own tenant (another one in a shared channel) and Entra object id. */
  user: UserRef;
  /** The person's bot-scoped Teams id (`29:…`). */
  teamsUserId: string;
  botId: string;
  kind: 'channel' | 'groupChat' | 'personal';
}

/** Reads what the bot needs from a validated activity. */
export function inbound(activity: InboundActivity, fallbackTenant: string): Inbound {
  const tenant = hostTenant(activity) ?? fallbackTenant;
  const own = ownTenant(activity.from);
  const channelId = baseConversationId(activity.conversation.id);
  const serviceUrl = activity.serviceUrl.replace(/\/+$/, '');
  const type = activity.conversation.conversationType;
  const kind = type === 'personal' || (type === undefined && activity.conversation.isGroup === false) ? 'personal' : type === 'channel' ? 'channel' : 'groupChat';
  return {
    activity,
    channel: { platform: 'teams', workspace: tenant, channel: channelId },
    binding: { platform: 'teams', workspace: tenant, channel: channelId, serviceUrl },
    replyTo: { serviceUrl, conversationId: activity.conversation.id },
    // People are known by their own tenant and Entra object id; the Emulator sends no
    // object id, so local mode falls back to the Teams id.
    user: { platform: 'teams', workspace: own && !sameTenant(own, tenant) ? own : tenant, user: activity.from.aadObjectId ?? activity.from.id },
    teamsUserId: activity.from.id,
    botId: activity.recipient.id,
    kind,
  };
}

/** A channel message in a reply thread has `;messageid=…` after the channel id. */
export function baseConversationId(id: string): string {
  return id.split(';')[0] ?? id;
}

/**
 * The command in a message to the bot: the text without the bot's @mention, lower-cased
 * first word, the rest as arguments. Teams puts the mention as `<at>Name</at>` in the
 * text; its entity says which text is the bot.
 */
export function commandOf(activity: InboundActivity): { command: string; args: string[] } {
  let text = activity.text ?? '';
  for (const e of activity.entities ?? []) {
    if (e.type === 'mention' && e.mentioned?.id === activity.recipient.id && e.text) text = text.split(e.text).join(' ');
  }
  text = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .trim();
  const [command = '', ...args] = text.split(/\s+/).filter((w) => w !== '');
  return { command: command.toLowerCase().replace(/^\//, ''), args };
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Typed words as the person typed them: Teams sends a message's text as HTML, so a typed
 * `<` arrives as `&lt;`. Used for text the bot keeps (an agreement); it is rendered
 * inert wherever it is shown, whatever it holds.
 */
export function typedText(words: readonly string[]): string {
  return words
    .join(' ')
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
}
