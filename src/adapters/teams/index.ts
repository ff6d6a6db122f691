/**
 * Microsoft Teams on `POST /api/messages`, through the Teams SDK (`@microsoft/teams.apps`
 * 2.0) sharing the server's express app: the SDK validates each request's Bot Framework
 * token (when TEAMS_APP_ID is set) against the configured cloud (auth.ts), the tenant
 * gate refuses organisations that may not use the bot (tenants.ts), and the SDK routes
 * the rest to the listeners in install.ts, messages.ts and actions.ts. The SDK never
 * listens itself; the server does.
 *
 * Local mode (no credentials) accepts unauthenticated activities, as the Bot Framework
 * Emulator sends them, and posts to their service URL without a token. The server binds
 * to loopback then and says so at start.
 */
import type { ILogger } from '@microsoft/teams.common';
import { App, ExpressAdapter } from '@microsoft/teams.apps';
import express from 'express';
import { createAdmission, DEFAULT_ADMISSION, type Admission } from '../../app/admission.ts';
import { lazySdkClient } from './lazy-http.ts';
import { arrivalOf, stampArrival } from '../../http/arrival.ts';
import type { UseCases } from '../../app/use-cases.ts';
import type { AllowedTenants, TeamsCloud } from '../../config.ts';
import type { Content } from '../../content/load.ts';
import type { Logger } from '../../core/ports.ts';
import type { Downloads } from '../../http/downloads.ts';
import { registerActions } from './actions.ts';
import { activitySchema } from './activity.ts';
import { attachmentUrls, renderMessage } from './adaptive-card.ts';
import { authenticatedOptions, unauthenticatedOptions } from './auth.ts';
import { createContext } from './context.ts';
import { createTeamsGateway, type RetryPolicy, type TeamsGateway } from './gateway.ts';
import { registerInstall } from './install.ts';
import { registerMessages } from './messages.ts';
import { registerTenantGate } from './tenants.ts';

export const MESSAGING_ENDPOINT = '/api/messages';

export interface TeamsOptions {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  /** Microsoft's cloud (default public) and overrides of its endpoints. */
  cloud?: TeamsCloud;
  loginEndpoint?: string;
  openIdMetadataUrl?: string;
  tokenIssuer?: string;
  /** Tenants whose activities are handled; default the bot's own (TEAMS_TENANT_ID). */
  allowedTenants?: AllowedTenants;
  /** No credentials: accept unauthenticated activities (Emulator style). */
  localMode: boolean;
  useCases: UseCases;
  /** Bounds answering; refused clicks get the polite "busy" in their invoke response. Default: DEFAULT_ADMISSION. */
  admission?: Admission;
  content: Content;
  log: Logger;
  publicBaseUrl: string;
  downloads: Downloads;
  /** Connector retry policy; tests keep it short. */
  retry?: Partial<RetryPolicy>;
}

export interface TeamsAdapter extends TeamsGateway {
  /** Resolves when work started after HTTP answers (replies, card updates) is done. */
  idle(): Promise<void>;
}

export async function mountTeams(app: express.Express, options: TeamsOptions): Promise<TeamsAdapter> {
  const authenticated = Boolean(options.appId);
  if (!authenticated && !options.localMode) {
    throw new Error('Teams needs TEAMS_APP_ID and TEAMS_APP_PASSWORD; only local mode may run it without them.');
  }
  if (authenticated && !options.appPassword) throw new Error('TEAMS_APP_PASSWORD is missing: Teams needs the client secret of TEAMS_APP_ID.');
  const allowedTenants = authenticated ? (options.allowedTenants ?? (options.tenantId ? [options.tenantId.toLowerCase()] : undefined)) : '*';
  if (!allowedTenants) throw new Error('TEAMS_ALLOWED_TENANTS is missing: without TEAMS_TENANT_ID say which tenants may use the bot (or *).');

  const teamsApp = new App({
    ...(options.appId && options.appPassword ? authenticatedOptions({ ...options, appId: options.appId, appPassword: options.appPassword }) : unauthenticatedOptions()),
    httpServerAdapter: new ExpressAdapter(app, { logger: sdkLogger(options.log) }),
    messagingEndpoint: MESSAGING_ENDPOINT,
    // Explicit, so a stray DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS in the
    // environment can never switch token validation off.
    dangerouslyAllowUnauthenticatedRequests: !authenticated,
    logger: sdkLogger(options.log),
    // The SDK clones this HTTP client about ten times for every activity: each clone is
    // made when first used (lazy-http.ts), and shares the bot's logger.
    client: lazySdkClient({ logger: sdkLogger(options.log) }),
  });

  const attachmentUrl = attachmentUrls(options.downloads);
  const render = (message: Parameters<typeof renderMessage>[0], actionContext?: Record<string, string>) =>
    renderMessage(message, { attachmentUrl, actionContext });
  const gateway = createTeamsGateway({
    // With credentials the SDK's API client fetches and refreshes the bot token.
    http: authenticated ? teamsApp.api.http : teamsApp.client,
    log: options.log,
    render,
    botId: options.appId ? `28:${options.appId}` : undefined,
    retry: options.retry,
  });
  // Arrival of the requests being answered, by activity id, for answers' admission.
  const arrivals = new Map<string, number>();
  const ctx = createContext({
    useCases: options.useCases,
    admission: options.admission ?? createAdmission(DEFAULT_ADMISSION),
    arrivedAt: (id) => (id === undefined ? undefined : arrivals.get(id)),
    content: options.content,
    log: options.log,
    gateway,
    downloads: options.downloads,
    render,
    fallbackTenant: options.tenantId ?? 'local',
  });

  // Before the SDK's own route: a body that is not an activity gets a 400 here, so
  // nothing malformed reaches the SDK's router (which would answer 500).
  app.post(MESSAGING_ENDPOINT, stampArrival, express.json({ limit: '512kb' }), (req, res, next) => {
    if (authenticated && !req.headers.authorization) {
      res.status(401).json({ error: 'Missing authorization header' });
      return;
    }
    if (!activitySchema.safeParse(req.body).success) {
      res.status(400).json({ error: 'bad_request' });
      return;
    }
    const id = (req.body as { id?: unknown }).id;
    const arrivedAt = arrivalOf(req);
    if (typeof id === 'string' && arrivedAt !== undefined) {
      arrivals.set(id, arrivedAt);
      res.once('close', () => arrivals.delete(id));
    }
    next();
  });

  // First route: runs after token validation, before any listener.
  registerTenantGate(teamsApp, allowedTenants, options.log);
  registerInstall(teamsApp, ctx);
  registerMessages(teamsApp, ctx);
  registerActions(teamsApp, ctx);
  // The bot signs nobody in. The SDK's default sign-in handlers would call out to the
  // token service for any such invoke; answer them with nothing instead.
  teamsApp.on('signin.token-exchange', async () => undefined);
  teamsApp.on('signin.verify-state', async () => undefined);
  teamsApp.on('signin.failure', async () => undefined);
  teamsApp.event('error', ({ error }) => options.log.error('teams activity failed', { error }));

  await teamsApp.initialize();
  options.log.info('teams mounted', {
    endpoint: MESSAGING_ENDPOINT,
    authenticated,
    cloud: options.cloud ?? 'public',
    tenants: allowedTenants === '*' ? 'any' : allowedTenants.length,
  });
  return Object.assign(gateway, { idle: () => ctx.idle() });
}

/**
 * The SDK's logger, narrowed: its debug output includes whole activities (names,
 * message text), so only warnings and errors pass, as their message text alone.
 */
function sdkLogger(log: Logger): ILogger {
  const first = (args: unknown[]): string => {
    const [head] = args;
    if (typeof head === 'string') return head.slice(0, 300);
    if (head instanceof Error) return head.message.slice(0, 300);
    return 'teams sdk';
  };
  const logger: ILogger = {
    debug: () => undefined,
    info: () => undefined,
    trace: () => undefined,
    warn: (...args: unknown[]) => log.warn(first(args), { source: 'teams-sdk' }),
    error: (...args: unknown[]) => log.error(first(args), { source: 'teams-sdk' }),
    log: (level, ...args: unknown[]) => {
      if (level === 'warn') logger.warn(...args);
      if (level === 'error') logger.error(...args);
    },
    child: () => logger,
  };
  return logger;
}
