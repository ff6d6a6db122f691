/**
 * `npm start`: reads `.env` when present, validates the configuration, starts the
 * server and stops it cleanly on SIGINT/SIGTERM. A wrong configuration ends here with
 * one line per problem and exit code 1, before anything listens.
 */
import { existsSync } from 'node:fs';
import { ConfigError, parseConfig, type Config } from './config.ts';
import { ContentError } from './content/load.ts';
import { createLogger } from './log.ts';
import { startServer } from './server.ts';

function readConfig(): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nFix these variables (in the environment or .env) and start again.\n`);
      process.exit(1);
    }
    throw error;
  }
}

function localModeBanner(config: Config, url: string): string {
  const line = '!'.repeat(78);
  return [
    line,
    '!! LOCAL MODE — neither Slack nor Teams is configured.',
    `!! Try it in your browser: ${url}/  (the playground: a simulated network channel)`,
    `!! Listening on ${config.host} only. POST /api/messages accepts UNAUTHENTICATED`,
    '!! Teams activities (Bot Framework Emulator style). Never expose this port.',
    '!! Slack: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN.',
    '!! Teams: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID.',
    line,
  ].join('\n');
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger(config.logLevel);
  let handle;
  try {
    handle = await startServer(config, { log });
  } catch (error) {
    if (error instanceof ContentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // After listening, so the banner can name the address; before the log line that says so.
  if (config.localMode) process.stderr.write(localModeBanner(config, handle.url) + '\n');
  log.info('listening', {
    url: handle.url,
    slack: Boolean(config.slack),
    teams: Boolean(config.teams),
    localMode: config.localMode,
    database: config.databasePath,
    linkage: config.linkagePath ?? 'next to the database',
  });
  const stop = (signal: string): void => {
    log.info('stopping', { signal });
    void handle.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

await main();
