/**
 * Tenants: which organisation an activity belongs to, and whether it may use the bot.
 *
 * The channel belongs to its host tenant — `conversation.tenantId`, also in
 * `channelData.tenant.id` — even in a shared channel where people of other tenants
 * take part. TEAMS_ALLOWED_TENANTS is about those hosts: an allowed organisation may
 * invite anyone into its shared channel. A person, though, is known by their own tenant
 * and Entra object id, the same whichever organisation's channel they answer in: Teams
 * names that tenant in `from.membershipSources` (and `channelData.membershipSource` on
 * membership events); without it the person belongs to the host.
 */
import type { App } from '@microsoft/teams.apps';
import type { AllowedTenants } from '../../config.ts';
import type { Logger } from '../../core/ports.ts';

/** The shape of an activity this module reads; anything else is ignored. */
interface TenantFields {
  conversation?: { tenantId?: unknown };
  channelData?: { tenant?: { id?: unknown } } | null;
}

interface SourceFields {
  membershipSources?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Tenant ids are GUIDs: compared without regard to case. */
export function sameTenant(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Every tenant the activity names as its host (normally one, or none outside Teams). */
export function hostTenants(activity: TenantFields): string[] {
  const named = [text(activity.conversation?.tenantId), text(activity.channelData?.tenant?.id)];
  return [...new Set(named.filter((t): t is string => t !== undefined).map((t) => t.toLowerCase()))];
}

/** The host tenant as the activity gives it (conversation first), if any. */
export function hostTenant(activity: TenantFields): string | undefined {
  return text(activity.conversation?.tenantId) ?? text(activity.channelData?.tenant?.id);
}

/**
 * A person's own tenant, from the membership sources Teams lists on their account in
 * shared channels; undefined when Teams names none (then they belong to the host).
 */
export function ownTenant(account: SourceFields | undefined): string | undefined {
  const sources = account?.membershipSources;
  if (!Array.isArray(sources)) return undefined;
  for (const source of sources) {
    const tenant = typeof source === 'object' && source !== null ? text((source as { tenantId?: unknown }).tenantId) : undefined;
    if (tenant) return tenant;
  }
  return undefined;
}

/** The tenant of the people added or removed in a membership event, when Teams says. */
export function membershipEventTenant(activity: { channelData?: { membershipSource?: { tenantId?: unknown } } | null }): string | undefined {
  return text(activity.channelData?.membershipSource?.tenantId);
}

/**
 * True when the activity may be handled: every tenant it names as host is allowed. An
 * activity naming no tenant is allowed only when any tenant is.
 */
export function tenantAllowed(allowed: AllowedTenants, activity: TenantFields): boolean {
  if (allowed === '*') return true;
  const tenants = hostTenants(activity);
  return tenants.length > 0 && tenants.every((t) => allowed.includes(t));
}

export const TENANT_NOT_ALLOWED = { error: 'tenant_not_allowed', message: 'This bot does not serve your organisation (Microsoft Entra tenant).' } as const;

/**
 * The first route of the app, so it runs after the SDK has validated the request's
 * token and before any listener: an activity from a tenant that is not allowed is
 * answered 403 and nothing else happens.
 */
export function registerTenantGate(teamsApp: App, allowed: AllowedTenants, log: Logger): void {
  if (allowed === '*') return;
  teamsApp.use(async ({ activity, next }) => {
    if (tenantAllowed(allowed, activity as TenantFields)) return next();
    log.warn('teams activity from a tenant that is not allowed', { tenants: hostTenants(activity as TenantFields).join(',') || 'none' });
    return { status: 403, body: TENANT_NOT_ALLOWED };
  });
}
