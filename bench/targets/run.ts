/**
 * Benchmark targets, each its own process so the load generator never shares an event
 * loop with what it measures. `tsx bench/targets/run.ts <kind>` prints one JSON line
 * (its URL and what the generator needs) and serves until SIGTERM.
 *
 * Kinds: fake-slack, fake-connector (the remote stand-ins); slack-bot, teams-bot (a
 * database with one network and an open round, made through the use cases, for the
 * compiled bot the bench then starts on it, as `npm start` runs it; these print and
 * exit); slack-bare, teams-bare (baselines: the same receiver or SDK on the same express
 * app, with a handler that only acknowledges).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App as TeamsApp, ExpressAdapter } from '@microsoft/teams.apps';
import { App as BoltApp, ExpressReceiver, LogLevel } from '@slack/bolt';
import express from 'express';
import { parseConfig } from '../../src/config.ts';
import { t } from '../../src/content/i18n.ts';
import { loadContent } from '../../src/content/load.ts';
import { startServer } from '../../src/server.ts';
import { quietLog } from '../../fixtures/quiet-log.ts';
import { startFakeConnector } from '../../fixtures/teams/fake-connector.ts';
import { scene } from '../../fixtures/teams/activities.ts';
import { startFakeSlackApi } from '../../fixtures/slack/fake-slack-api.ts';
import { SIGNING_SECRET } from '../../fixtures/slack/requests.ts';

const kind = process.argv[2] ?? '';
const say = (info: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify({ ...info, pid: process.pid })}\n`);
const listen = (app: express.Express): Promise<string> =>
  new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    });
  });

async function main(): Promise<void> {
  switch (kind) {
    case 'fake-slack': {
      const api = await startFakeSlackApi();
      if (process.env.RATE_LIMIT) api.limitPerChannel(Number(process.env.RATE_LIMIT));
      // How many "busy, try again" replies reached response URLs so far, for the generator.
      const busy = t(loadContent(), 'nl', 'app.error.busy');
      const stats = express();
      stats.get('/busy', (_req, res) => {
        res.json({ busy: api.responses.filter((r) => r.body.text === busy).length });
      });
      return say({ url: api.url, apiUrl: api.apiUrl, statsUrl: await listen(stats) });
    }
    case 'fake-connector': {
      const connector = await startFakeConnector();
      return say({ serviceUrl: connector.serviceUrl });
    }
    case 'slack-bot': {
      const dbPath = join(mkdtempSync(join(tmpdir(), 'bench-slack-')), 'bot.db');
      const config = parseConfig({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: process.env.SLACK_API_URL, DATABASE_PATH: dbPath, PORT: '0', LOG_LEVEL: 'error', ANSWERS_IN_FLIGHT: process.env.ANSWERS_IN_FLIGHT, ANSWER_MAX_WAIT_MS: process.env.ANSWER_MAX_WAIT_MS });
      config.host = '127.0.0.1';
      const server = await startServer(config, { log: quietLog, scheduler: false });
      const binding = { platform: 'slack' as const, workspace: 'T0FAKE', channel: 'C0NETWORK', serviceUrl: '' };
      const actor = { platform: 'slack' as const, workspace: 'T0FAKE', user: 'U0COORD' };
      await server.useCases.submitSetup(binding, actor, { name: 'Bench' }, (await server.useCases.setupForm(binding, actor)).context);
      const round = await server.useCases.openRoundNow(binding, actor);
      await server.close();
      say({ dbPath, roundId: round.id });
      return process.exit(0);
    }
    case 'teams-bot': {
      const dbPath = join(mkdtempSync(join(tmpdir(), 'bench-teams-')), 'bot.db');
      const config = parseConfig({ DATABASE_PATH: dbPath, PORT: '0', LOG_LEVEL: 'error', ANSWERS_IN_FLIGHT: process.env.ANSWERS_IN_FLIGHT, ANSWER_MAX_WAIT_MS: process.env.ANSWER_MAX_WAIT_MS });
      const server = await startServer(config, { log: quietLog, scheduler: false });
      const s = scene({ serviceUrl: process.env.CONNECTOR_URL ?? '' });
      const binding = { platform: 'teams' as const, workspace: s.tenantId, channel: s.channelId, serviceUrl: s.serviceUrl };
      const actor = { platform: 'teams' as const, workspace: s.tenantId, user: 'aad-bench-coordinator' };
      await server.useCases.submitSetup(binding, actor, { name: 'Bench' }, (await server.useCases.setupForm(binding, actor)).context);
      const round = await server.useCases.openRoundNow(binding, actor);
      await server.close();
      say({ dbPath, roundId: round.id });
      return process.exit(0);
    }
    case 'slack-bare': {
      const app = express();
      const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', app, logLevel: LogLevel.ERROR });
      const bolt = new BoltApp({ receiver, authorize: async () => ({ botToken: 'xoxb-bare', botId: 'B', botUserId: 'U' }), logLevel: LogLevel.ERROR });
      bolt.action(/.*/, async ({ ack }) => ack());
      return say({ url: await listen(app) });
    }
    case 'teams-bare': {
      const app = express();
      const teams = new TeamsApp({ httpServerAdapter: new ExpressAdapter(app), messagingEndpoint: '/api/messages', dangerouslyAllowUnauthenticatedRequests: true });
      teams.on('card.action', async () => ({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' }));
      await teams.initialize();
      return say({ url: await listen(app) });
    }
    default:
      process.stderr.write(`unknown target ${kind}\n`);
      process.exit(2);
  }
}

await main();
