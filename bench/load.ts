/**
 * An open-loop load generator: requests are started on a fixed schedule whatever the
 * server's speed (so a slow server shows up as latency, not as a lower rate), and each
 * latency is measured from its scheduled start to the end of the response.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { percentile } from './report.ts';

export interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  /** Achieved request rate. */
  rate: number;
  /** Acknowledged with the polite "busy, try again" in the response itself (Teams); counted in `ok` too. */
  busy: number;
}

/** A response's status, and whether its body was the "busy" reply. */
export type Sent = number | { status: number; busy: boolean };

export async function runLoad(rate: number, seconds: number, send: (i: number) => Promise<Sent>): Promise<LoadResult> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  let busy = 0;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      send(i)
        .then((sent) => {
          const status = typeof sent === 'number' ? sent : sent.status;
          if (typeof sent !== 'number' && sent.busy) busy += 1;
          if (status === 200) latencies.push(performance.now() - due);
          else errors += 1;
        })
        .catch(() => {
          errors += 1;
        }),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { sent: total, ok: latencies.length, errors, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), rate: total / elapsed, busy };
}

/** A request built before the run. */
export interface Prepared {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends prepared requests over kept-alive connections with plain node:http: a fraction
 * of fetch's cost per request, so the generator (sharing the cores with what it
 * measures) stays out of the figures as far as it can. Resolves to the status, and with
 * `busyMarker` whether the body holds it; a connection error rejects.
 */
export function poster(baseUrl: string, busyMarker?: string): (req: Prepared) => Promise<Sent> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const base = new URL(baseUrl);
  return (req) =>
    new Promise<Sent>((resolve, reject) => {
      const out = request(
        { host: base.hostname, port: base.port, path: req.path, method: 'POST', agent, headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) } },
        (res) => {
          if (busyMarker === undefined) {
            res.resume();
            res.once('end', () => resolve(res.statusCode ?? 0));
            return;
          }
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.once('end', () => resolve({ status: res.statusCode ?? 0, busy: body.includes(busyMarker) }));
        },
      );
      out.once('error', reject);
      out.end(req.body);
    });
}

export interface Target {
  info: Record<string, string>;
  child: ChildProcess;
  rssMb(): number;
  /** CPU time the process has used so far (user and system), in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

const rssOf = (pid: number | undefined): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid ?? 0}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** utime + stime of a process, from /proc (in clock ticks of 10 ms). */
const cpuOf = (pid: number | undefined): number => {
  const fields = readFileSync(`/proc/${pid ?? 0}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * The bot as production runs it (`npm start`: compiled JavaScript from dist/, its own
 * scheduler), configured by `env`; resolves once /healthz answers. Its log is shown only
 * when it fails to start. With BENCH_CPU_PROFILE_DIR set, it writes a V8 CPU profile of
 * its main thread (and one per worker thread) there when it stops.
 */
export async function startCompiledBot(env: Record<string, string>): Promise<Target> {
  if (!existsSync('dist/main.js')) throw new Error('dist/main.js is missing: run `npm run build` (npm ci does) first');
  const port = await freePort();
  const child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : []), 'dist/main.js'], { env: { ...process.env, LOG_LEVEL: 'error', ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${String(child.exitCode)}:\n${log}`);
    const healthy = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (tries > 300) throw new Error(`the bot did not become healthy on ${url}:\n${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { info: { url }, child, rssMb: () => rssOf(child.pid), cpuMs: () => cpuOf(child.pid), stop: stopper(child) };
}

/** Starts `bench/targets/run.ts <kind>` and reads its one line of JSON. */
export async function startTarget(kind: string, env: Record<string, string> = {}): Promise<Target> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/targets/run.ts', kind], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line) as Record<string, string>));
    child.once('exit', (code) => reject(new Error(`target ${kind} exited with ${String(code)}`)));
  });
  return { info, child, rssMb: () => rssOf(child.pid), cpuMs: () => cpuOf(child.pid), stop: stopper(child) };
}
