/** `npm start` as an operator meets it: a clear stop on wrong configuration, a loud local mode. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBotProcess } from './fixtures/bot-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'thermometer-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start', () => {
  it('stops with one line per wrong variable and exit code 1, before listening', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, LOG_LEVEL: 'loud', TEAMS_APP_ID: 'not-a-guid', PORT: '0' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^\s+- LOG_LEVEL: /m);
    expect(run.stderr).toMatch(/^\s+- TEAMS_APP_ID: /m);
    expect(run.stderr).not.toMatch(/at \w+ \(/);
    expect(run.stdout).not.toContain('listening');
  });

  it('starts in local mode on loopback, saying so loudly, naming the playground URL and the variables that enable Slack and Teams', async () => {
    const bot = await startBotProcess({ DATABASE_PATH: join(dir, 'bot.db') });
    try {
      expect(bot.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
      const banner = bot.lines.join('\n');
      expect(banner).toContain('LOCAL MODE');
      expect(banner).toContain('UNAUTHENTICATED');
      expect(banner).toContain('SLACK_SIGNING_SECRET');
      expect(banner).toContain('TEAMS_APP_ID');
      expect(banner).toContain(`Try it in your browser: ${bot.url}/`);
      const playground = await fetch(`${bot.url}/`);
      expect(playground.status).toBe(200);
      expect(await playground.text()).toContain('Ronde sluiten');
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    } finally {
      await bot.kill('SIGTERM');
    }
  }, 30_000);
});
