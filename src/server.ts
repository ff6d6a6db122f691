/**
 * Assembles the bot: content, store, use cases, one express app carrying Slack's and
 * Teams' endpoints and /healthz, the scheduler, and the HTTP listener. `startServer` is
 * what `npm start` runs and what the end-to-end tests start, with overrides for the
 * clock and randomness.
 */
import type { Server } from 'node:http';
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { hkdfSync } from 'node:crypto';
import { createAdmission } from './app/admission.ts';
import { createUseCases, type AppDeps } from './app/index.ts';
import type { Config } from './config.ts';
import { loadContent, type Content } from './content/load.ts';
import type { Platform } from './core/network.ts';
import type { ChatGateway, Clock, Logger, Random } from './core/ports.ts';
import { createChartRenderer } from './charts/index.ts';
import { createDownloads } from './http/downloads.ts';
import { createLogger } from './log.ts';
import { nextRuns, startScheduler, type Scheduler } from './scheduler/index.ts';
import { openPostgresStores, openStores, type OpenStores } from './store/index.ts';
import { cryptoRandom, systemClock } from './system.ts';
import { loadLinkKey, mountWeb, type WebLayer } from './web/index.ts';
import { deriveInstallationKey } from './app/secret-box.ts';
import { acceptedLanguage } from './web/locale.ts';
import { SECURITY_HEADERS } from './web/security.ts';
import { slackInstallPage } from './web/slack-install-page.ts';
import type { AppUseCases } from './app/use-cases.ts';

export interface ServerOverrides {
  clock?: Clock;
  random?: Random;
  log?: Logger;
  content?: Content;
  /** Slack Web API retry policy; tests keep it short. */
  slackRetryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number };
  /** Start the scheduler tick (default true). */
  scheduler?: boolean;
  /** Slack's OAuth authorisation page (tests: a stand-in); default Slack's own. */
  slackAuthorizationUrl?: string;
}

export interface ServerHandle {
  url: string;
  port: number;
  app: express.Express;
  useCases: AppUseCases;
  deps: AppDeps;
  /** Undefined when started with `scheduler: false`. */
  scheduler: Scheduler | undefined;
  /** The web pages; its playgrounds exist in local mode only. */
  web: WebLayer;
  close(): Promise<void>;
}

export async function startServer(config: Config, overrides: ServerOverrides = {}): Promise<ServerHandle> {
  const log = overrides.log ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const random = overrides.random ?? cryptoRandom;
  const content = overrides.content ?? loadContent();
  const stores = await openConfiguredStores(config, log);
  const { store, linkage } = stores;
  const chat = new Map<Platform, ChatGateway>();
  const renderChart = createChartRenderer(content);
  const linkKey = loadLinkKey({ secretsKey: config.secretsKey, databasePath: config.databasePath });
  log.info('dashboard links', { keyFrom: linkKey.from });
  // Never in the database: derived from the same source as the link key, with a label of its own.
  const subjectKey = new Uint8Array(hkdfSync('sha256', linkKey.key, Buffer.alloc(0), 'partnership-thermometer/join-attempts/v1', 32));
  const installationKey = config.secretsKey ? deriveInstallationKey(config.secretsKey) : undefined;
  const deps: AppDeps = {
    store,
    linkage,
    chat,
    content,
    clock,
    random,
    log,
    publicBaseUrl: config.publicBaseUrl,
    plannedRuns: nextRuns,
    renderChart,
    dashboardKey: linkKey.key,
    subjectKey,
    ...(installationKey ? { installationKey } : {}),
    leaseMs: config.scheduler.leaseMs,
  };
  const useCases = createUseCases(deps);
  // Answers through Slack and Teams: bounded, refused politely past capacity.
  const admission = createAdmission(config.admission);
  const downloads = createDownloads({ clock, random, publicBaseUrl: config.publicBaseUrl });

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', slack: Boolean(config.slack), teams: Boolean(config.teams), localMode: config.localMode });
  });
  downloads.mount(app);

  // Each platform's SDK is loaded only when that platform is configured: a Slack-only
  // bot never holds the Teams SDK in memory, and the other way round.
  if (config.slack) {
    const { mountSlack, REDIRECT_PATH } = await import('./adapters/slack/index.ts');
    const { auth } = config.slack;
    if (auth.kind === 'oauth' && !installationKey) log.warn('slack installations are stored unencrypted: set SECRETS_KEY to encrypt their tokens', {});
    chat.set(
      'slack',
      await mountSlack(app, {
        signingSecret: config.slack.signingSecret,
        ...(auth.kind === 'token'
          ? { botToken: auth.botToken }
          : {
              oauth: {
                clientId: auth.clientId,
                clientSecret: auth.clientSecret,
                stateSecret: auth.stateSecret,
                redirectUri: `${config.publicBaseUrl}${REDIRECT_PATH}`,
                installations: useCases,
                page: (outcome, lang, workspace) => slackInstallPage(content, lang, outcome, workspace),
                language: acceptedLanguage,
                pageHeaders: SECURITY_HEADERS,
                ...(overrides.slackAuthorizationUrl ? { authorizationUrl: overrides.slackAuthorizationUrl } : {}),
              },
            }),
        apiUrl: config.slack.apiUrl,
        useCases,
        admission,
        content,
        log,
        retryConfig: overrides.slackRetryConfig,
      }),
    );
  }
  if (config.teams || config.localMode) {
    const { mountTeams } = await import('./adapters/teams/index.ts');
    chat.set(
      'teams',
      await mountTeams(app, {
        appId: config.teams?.appId,
        appPassword: config.teams?.appPassword,
        tenantId: config.teams?.tenantId,
        cloud: config.teams?.cloud,
        loginEndpoint: config.teams?.loginEndpoint,
        openIdMetadataUrl: config.teams?.openIdMetadataUrl,
        tokenIssuer: config.teams?.tokenIssuer,
        allowedTenants: config.teams?.allowedTenants,
        localMode: config.localMode,
        useCases,
        admission,
        content,
        log,
        publicBaseUrl: config.publicBaseUrl,
        downloads,
      }),
    );
  }

  const web = mountWeb(app, { content, log, useCases, localMode: config.localMode, dataDir: dirname(config.databasePath), renderChart });

  // Anything unmatched or thrown ends here: a short JSON answer, never a stack trace.
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found' });
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = statusOf(error);
    if (status >= 500) log.error('request failed', { error: error instanceof Error ? error : String(error) });
    if (!res.headersSent) res.status(status).json({ error: status >= 500 ? 'internal_error' : 'bad_request' });
  });

  const server = await listen(app, config.port, config.host);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  // Started once both platforms are mounted, so its first tick can post everywhere. That
  // first tick also recovers what a crash left: owed checkpoint, linkage, half-done closes.
  const scheduler =
    overrides.scheduler === false ? undefined : startScheduler({ store, useCases, clock, log, leaseMs: config.scheduler.leaseMs }, { intervalMs: config.scheduler.intervalMs });

  let closed = false;
  return {
    url,
    port,
    app,
    useCases,
    deps,
    scheduler,
    web,
    async close() {
      if (closed) return;
      closed = true;
      await scheduler?.stop();
      await web.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stores.close();
    },
  };
}

/** PostgreSQL when DATABASE_URL is set (shared by every replica), else the SQLite file and its linkage directory. */
async function openConfiguredStores(config: Config, log: Logger): Promise<OpenStores> {
  // The writer thread from the start: the first answers of a round do not wait for it.
  if (!config.postgres) return openStores(config.databasePath, { linkagePath: config.linkagePath, commit: 'thread-now' });
  return openPostgresStores(config.postgres.url, {
    poolSize: config.postgres.poolSize,
    onIdleError: (error) => log.warn('database connection lost; a new one is made for the next call', { error }),
  });
}

function statusOf(error: unknown): number {
  if (typeof error === 'object' && error !== null) {
    const e = error as { status?: unknown; statusCode?: unknown };
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
    if (status >= 400 && status < 600) return status;
  }
  return 500;
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.on('error', reject);
  });
}
