/**
 * Slack on the shared express app: Bolt's ExpressReceiver on POST /slack/events for
 * events, slash commands and interactivity, with Bolt's signature verification
 * (a forged, stale or re-signed request gets 401 and changes nothing). Returns the
 * chat gateway the use cases post through.
 */
import { App, ExpressReceiver, type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type express from 'express';
import type { UseCases } from '../../app/use-cases.ts';
import type { Content } from '../../content/load.ts';
import type { ChatGateway, Logger } from '../../core/ports.ts';
import { registerActions } from './actions.ts';
import { createSlackClients } from './clients.ts';
import { registerCommands } from './commands.ts';
import { createSlackContext } from './context.ts';
import { registerEvents } from './events.ts';
import type { RateLimitOptions } from './rate-limits.ts';
import { createSlackGateway } from './gateway.ts';
import { registerViews } from './views.ts';

export interface SlackOptions {
  signingSecret: string;
  botToken: string;
  /** Base URL of the Web API, ending in /api/ (a local fake in tests). */
  apiUrl?: string | undefined;
  useCases: UseCases;
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

export async function mountSlack(app: express.Express, options: SlackOptions): Promise<ChatGateway> {
  const logger = boltLogger(options.log);
  const receiver = new ExpressReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    app,
    logger,
    processBeforeResponse: false,
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
    token: options.botToken,
    receiver,
    logger,
    deferInitialization: true,
    clientOptions: {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
    },
  });
  await boltApp.init();

  // Bolt's own client only checks the token at start; the bot's calls go through two
  // clients of its own (clients.ts), so background work never holds up a person.
  const clients = createSlackClients({ token: options.botToken, apiUrl: options.apiUrl, logger, retryConfig: options.retryConfig, limits: options.rateLimits });
  const gateway = createSlackGateway(clients, options.log);
  const ctx = createSlackContext({ useCases: options.useCases, content: options.content, log: options.log, gateway });
  registerEvents(boltApp, ctx);
  registerCommands(boltApp, ctx);
  registerActions(boltApp, ctx);
  registerViews(boltApp, ctx);
  boltApp.error(async (error) => {
    options.log.error('slack listener failed', { code: (error as { code?: string }).code ?? 'unknown', error: error.message });
  });
  return gateway;
}
