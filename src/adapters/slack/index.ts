/**
 * Slack on the shared express app: Bolt's ExpressReceiver on POST /slack/events for
 * events, slash commands and interactivity, with Bolt's signature verification
 * (a forged, stale or re-signed request gets 401 and changes nothing). Returns the
 * chat gateway the use cases post through.
 *
 * Two ways to run. Installed in one workspace: its bot token (SLACK_BOT_TOKEN). A
 * distributable app (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET): Bolt's
 * OAuth, `GET /slack/install` sends people to Slack's authorisation page and `GET
 * /slack/oauth_redirect` completes the install (state checked against the signed state
 * and the browser's state cookie, code exchanged with `oauth.v2.access`); installations
 * live in the bot's database (installation-store.ts), Bolt picks each request's token
 * from them and the gateway each post's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, ExpressReceiver, type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { createAdmission, DEFAULT_ADMISSION, type Admission } from '../../app/admission.ts';
import type express from 'express';
import { arrivalOf, stampArrival } from '../../http/arrival.ts';
import type { InstallationUseCases, UseCases } from '../../app/use-cases.ts';
import type { Content } from '../../content/load.ts';
import type { Language } from '../../core/network.ts';
import type { ChatGateway, Logger } from '../../core/ports.ts';
import { registerActions } from './actions.ts';
import { createSlackClients } from './clients.ts';
import { registerCommands } from './commands.ts';
import { createSlackContext } from './context.ts';
import { registerEvents } from './events.ts';
import type { RateLimitOptions } from './rate-limits.ts';
import { createSlackGateway } from './gateway.ts';
import { slackInstallationStore, type SlackInstallations } from './installation-store.ts';
import { registerViews } from './views.ts';

/** The bot scopes the app asks for: the same as manifest/slack/manifest.yaml. */
export const SLACK_BOT_SCOPES = ['commands', 'chat:write', 'files:write', 'im:write', 'channels:read', 'groups:read'] as const;

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** Where Slack sends people back to: PUBLIC_BASE_URL + /slack/oauth_redirect. */
  redirectUri: string;
  installations: InstallationUseCases;
  /** The page the install ends on (src/web), in the person's language. */
  page: (outcome: 'installed' | 'failed', lang: Language, workspace?: string) => string;
  /** The browser's language from its Accept-Language header. */
  language: (acceptLanguage: string) => Language;
  /** Headers every page carries (CSP and friends). */
  pageHeaders: Readonly<Record<string, string>>;
  /** Slack's authorisation page; a local stand-in in tests. */
  authorizationUrl?: string;
}

export interface SlackOptions {
  signingSecret: string;
  /** One workspace: its bot token. Exactly one of botToken and oauth. */
  botToken?: string | undefined;
  /** Many workspaces: Slack's OAuth. */
  oauth?: SlackOAuthOptions | undefined;
  /** Base URL of the Web API, ending in /api/ (a local fake in tests). */
  apiUrl?: string | undefined;
  useCases: UseCases;
  /** Bounds answering; refused clicks get the polite "busy". Default: DEFAULT_ADMISSION. */
  admission?: Admission;
  content: Content;
  log: Logger;
  retryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number } | undefined;
  /** Pacing of background calls per method (tests speed it up). */
  rateLimits?: RateLimitOptions | undefined;
}

/**
 * Bolt's own log lines, forwarded as bare messages: Bolt may log whole request bodies
 * at debug level, and those hold user ids next to answers (promise 6), so only warnings
 * and errors pass, and never with their arguments beyond the first string.
 */
function boltLogger(log: Logger): BoltLogger {
  const first = (args: unknown[]): string => (typeof args[0] === 'string' ? args[0].slice(0, 200) : 'bolt');
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...args: unknown[]) => log.warn(first(args), { source: 'bolt' }),
    error: (...args: unknown[]) => log.error(first(args), { source: 'bolt' }),
    setLevel: () => undefined,
    getLevel: () => LogLevel.WARN,
    setName: () => undefined,
  };
}

/** The OAuth parts of the receiver: routes, state, the database-backed installation store, the end pages. */
function oauthReceiverOptions(oauth: SlackOAuthOptions, store: SlackInstallations, apiUrl: string | undefined, log: Logger) {
  const send = (req: IncomingMessage, res: ServerResponse, status: number, outcome: 'installed' | 'failed', workspace?: string): void => {
    const body = oauth.page(outcome, oauth.language(String(req.headers['accept-language'] ?? '')), workspace);
    res.writeHead(status, { ...oauth.pageHeaders, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(body);
  };
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    redirectUri: oauth.redirectUri,
    scopes: [...SLACK_BOT_SCOPES],
    installationStore: store,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // Straight to Slack's authorisation page: no landing page of our own.
      directInstall: true,
      stateVerification: true,
      clientOptions: apiUrl ? { slackApiUrl: apiUrl } : {},
      ...(oauth.authorizationUrl ? { authorizationUrl: oauth.authorizationUrl } : {}),
      callbackOptions: {
        success: (installation: { team?: { name?: string } | undefined; enterprise?: { name?: string } | undefined }, _options: unknown, req: IncomingMessage, res: ServerResponse) => {
          log.info('slack app installed', {});
          send(req, res, 200, 'installed', installation.team?.name ?? installation.enterprise?.name);
        },
        failure: (error: { code?: string }, _options: unknown, req: IncomingMessage, res: ServerResponse) => {
          log.warn('slack install failed', { code: error.code ?? 'unknown' });
          send(req, res, 400, 'failed');
        },
      },
    },
  };
}

export async function mountSlack(app: express.Express, options: SlackOptions): Promise<ChatGateway> {
  if (Boolean(options.botToken) === Boolean(options.oauth)) throw new Error('Slack needs either a bot token (one workspace) or OAuth (many workspaces), not both or neither.');
  const logger = boltLogger(options.log);
  const installations = options.oauth ? slackInstallationStore(options.oauth.installations) : undefined;
  // Before the receiver: when the request arrived, which answers' admission looks at.
  app.post('/slack/events', stampArrival);
  const receiver = new ExpressReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    app,
    logger,
    processBeforeResponse: false,
    // Reaches listeners as context.arrivedAt.
    customPropertiesExtractor: (req) => ({ arrivedAt: arrivalOf(req) }),
    ...(options.oauth && installations ? oauthReceiverOptions(options.oauth, installations, options.apiUrl, options.log) : {}),
    // Bolt answers 500 when a signed body has a shape it cannot route (e.g. an action
    // list that is empty). That is the sender's mistake, so it gets a 400 and no details.
    processEventErrorHandler: async ({ error, response }) => {
      if (response.headersSent) return false;
      const status = (error as { code?: string }).code === 'slack_bolt_authorization_error' ? 401 : 400;
      options.log.warn('slack request could not be processed', { status });
      response.writeHead(status);
      response.end();
      return status === 401;
    },
  });
  const boltApp = new App({
    ...(options.botToken ? { token: options.botToken } : {}),
    receiver,
    logger,
    // The bot keeps no conversation state in Bolt: without the store, no lookup per request.
    convoStore: false,
    deferInitialization: true,
    clientOptions: {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
    },
  });
  await boltApp.init();

  // Bolt's own client only checks the token at start (and, with OAuth, serves modal
  // choices); the bot's calls go through two clients of its own (clients.ts), so
  // background work never holds up a person. With OAuth they carry each workspace's token.
  const clients = createSlackClients({ token: options.botToken, apiUrl: options.apiUrl, logger, retryConfig: options.retryConfig, limits: options.rateLimits });
  const gateway = createSlackGateway(clients, options.log, installations ? (team) => installations.botToken(team) : undefined);
  const ctx = createSlackContext({ useCases: options.useCases, admission: options.admission ?? createAdmission(DEFAULT_ADMISSION), content: options.content, log: options.log, gateway });
  registerEvents(boltApp, ctx, installations);
  registerCommands(boltApp, ctx);
  registerActions(boltApp, ctx);
  registerViews(boltApp, ctx);
  boltApp.error(async (error) => {
    options.log.error('slack listener failed', { code: (error as { code?: string }).code ?? 'unknown', error: error.message });
  });
  options.log.info('slack mounted', { mode: options.oauth ? 'oauth' : 'token' });
  return gateway;
}
