/**
 * The production process: `npm start` runs the JavaScript that `npm run build` (also run
 * by `npm ci`, through `prepare`) makes from src/. The compiled bot starts, serves, and
 * idles lean: without the chart libraries, which it loads on the first chart, and well
 * under 150 MB of memory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../fixtures/slack/fake-slack-api.ts';
import { SIGNING_SECRET } from '../fixtures/slack/requests.ts';
import { startBotProcess } from './fixtures/bot-process.ts';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const dir = mkdtempSync(join(tmpdir(), 'thermometer-build-'));
let api: FakeSlackApi;

beforeAll(async () => {
  api = await startFakeSlackApi();
  const build = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
  expect(build.status, build.stdout + build.stderr).toBe(0);
}, 180_000);
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const mapped = (pid: number): string => readFileSync(`/proc/${pid}/maps`, 'utf8');

it('runs compiled JavaScript, built when the project is installed', () => {
  expect(scripts.start).toBe('node dist/main.js');
  expect(scripts.prepare).toBe('npm run build');
  expect(scripts.build).toContain('tsconfig.build.json');
});

it('starts the compiled bot, which serves and idles under 150 MB without the chart libraries loaded', async () => {
  const bot = await startBotProcess(
    { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-0000-build', SLACK_API_URL: api.apiUrl, DATABASE_PATH: join(dir, 'bot.db') },
    { compiled: true },
  );
  try {
    const pid = bot.child.pid ?? 0;
    expect(await (await fetch(`${bot.url}/healthz`)).json()).toMatchObject({ status: 'ok', slack: true, teams: false });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The database engine is loaded (the check can see a native library) …
    expect(mapped(pid)).toMatch(/better_sqlite3\.node/);
    // … the chart renderer's is not, until a chart is drawn.
    expect(mapped(pid)).not.toMatch(/resvg/);
    expect(rssMb(pid)).toBeLessThan(150);
  } finally {
    await bot.kill('SIGTERM');
  }
}, 60_000);
