/**
 * The production process: start-up time (spawn to the first answered /healthz) and idle
 * memory of the compiled bot as `npm start` runs it, Slack configured against the fake
 * Web API. Baselines in the same run: a bare Node HTTP server started the same way, and
 * the same bot run from TypeScript through tsx (how production ran before the build).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SIGNING_SECRET } from '../fixtures/slack/requests.ts';
import { startTarget } from './load.ts';
import { record, section } from './report.ts';

/** A bare server: no framework, no SDK, no database; the floor of any Node process. */
const BARE = `require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log(JSON.stringify({ msg: 'listening', url: 'http://127.0.0.1:' + this.address().port })); });`;
const IDLE_MS = 3000;
const RUNS = 3;

interface Started {
  startMs: number;
  idleRssMb: number;
}

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** Spawns, waits for the "listening" line and a healthy answer, idles, reads RSS, stops. */
async function startOnce(args: string[], env: Record<string, string>, health: string): Promise<Started> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const match = /"msg":"listening".*"url":"(http:\/\/[^"]+)"/.exec(line);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${String(code)}`)));
    });
    await (await fetch(`${url}${health}`)).arrayBuffer();
    const startMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return { startMs, idleRssMb: rssMb(child.pid ?? 0) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function median(args: string[], env: Record<string, string>, health: string): Promise<Started> {
  const runs: Started[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await startOnce(args, env, health));
  const mid = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  return { startMs: mid(runs.map((r) => r.startMs)), idleRssMb: mid(runs.map((r) => r.idleRssMb)) };
}

export async function benchStartup(): Promise<void> {
  section(`Production process (median of ${RUNS} starts; RSS after ${IDLE_MS / 1000} s idle)`);
  if (!existsSync('dist/main.js')) throw new Error('dist/main.js is missing: run `npm run build` (npm ci does) first');
  const fake = await startTarget('fake-slack');
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  try {
    const env = (n: number): Record<string, string> => ({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: fake.info.apiUrl ?? '', DATABASE_PATH: join(mkdtempSync(join(dir, 'bot-')), `bot-${n}.db`) });
    const bare = await median(['-e', BARE], {}, '/');
    const compiled = await median(['dist/main.js'], env(1), '/healthz');
    const tsx = await median(['--import', 'tsx', 'src/main.ts'], env(2), '/healthz');
    record({ section: 'startup', name: 'compiled bot: spawn to healthy', value: compiled.startMs, unit: 'ms', baseline: { name: 'bare node server', value: bare.startMs } });
    record({ section: 'startup', name: 'bot through tsx: spawn to healthy', value: tsx.startMs, unit: 'ms', baseline: { name: 'compiled bot', value: compiled.startMs } });
    record({ section: 'memory', name: 'compiled bot idle RSS', value: compiled.idleRssMb, unit: 'MB', baseline: { name: 'bare node server', value: bare.idleRssMb }, target: '< 150 MB' });
    record({ section: 'memory', name: 'bot through tsx idle RSS', value: tsx.idleRssMb, unit: 'MB', baseline: { name: 'compiled bot', value: compiled.idleRssMb } });
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
