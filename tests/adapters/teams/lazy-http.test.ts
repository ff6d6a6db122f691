/**
 * The Teams SDK's HTTP client made lazily: the SDK's per-activity clones cost nothing
 * until used — also its `'request' in client` checks and clones of clones — and a clone
 * that is used sends exactly what an eagerly made clone would: its own headers and
 * token, on top of its parent's.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterEach, expect, it } from 'vitest';
import { lazyHttpClient } from '../../../src/adapters/teams/lazy-http.ts';

type Client = Parameters<typeof lazyHttpClient>[0] extends () => infer C ? C : never;
const { Client } = createRequire(import.meta.url)('@microsoft/teams.common') as { Client: new (options: object) => Client };
const quiet = { debug: () => undefined, info: () => undefined, log: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet } as never;

const servers: { close(): void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function recordingServer(): Promise<{ url: string; seen: { headers: IncomingHttpHeaders; body: string }[] }> {
  const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

it('makes no client for clones, clones of clones or the SDK’s checks, only for one that is used', async () => {
  let made = 0;
  const root = lazyHttpClient(() => {
    made += 1;
    return new Client({ logger: quiet, headers: { 'User-Agent': 'bot' } });
  });
  const perActivity = Array.from({ length: 10 }, () => root.clone({ token: () => 'unused' }).clone());
  expect(perActivity.every((client) => 'request' in client)).toBe(true);
  expect(made).toBe(0);

  const { url, seen } = await recordingServer();
  const used = root.clone({ headers: { 'x-area': 'conversations' } }).clone({ token: () => 'bot-token' });
  const response = await used.post(`${url}/v3/conversations`, { text: 'hoi' });
  expect(response.data).toEqual({ ok: true });
  // The root once, for the one chain that was used.
  expect(made).toBe(1);
  expect(seen).toHaveLength(1);
  expect(seen[0]!.headers).toMatchObject({ 'x-area': 'conversations', authorization: 'Bearer bot-token', 'user-agent': 'bot' });
  expect(JSON.parse(seen[0]!.body)).toEqual({ text: 'hoi' });
});

it('sends what an eagerly made clone sends', async () => {
  const { url, seen } = await recordingServer();
  const options = { logger: quiet, headers: { 'User-Agent': 'bot' } };
  const eager = new Client(options).clone({ headers: { 'x-a': '1' }, token: () => 'tok' });
  const lazy = lazyHttpClient(() => new Client(options)).clone({ headers: { 'x-a': '1' }, token: () => 'tok' });
  await eager.post(`${url}/same`, { n: 1 });
  await lazy.post(`${url}/same`, { n: 1 });
  const strip = (h: IncomingHttpHeaders) => Object.fromEntries(Object.entries(h).filter(([k]) => !['connection', 'host'].includes(k)));
  expect(strip(seen[1]!.headers)).toEqual(strip(seen[0]!.headers));
  expect(seen[1]!.body).toBe(seen[0]!.body);
});
