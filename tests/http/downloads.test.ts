import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock, Random } from '../../src/core/ports.ts';
import { createDownloads, type Downloads } from '../../src/http/downloads.ts';

const cryptoRandom: Random = { bytes: (n) => new Uint8Array(randomBytes(n)), float: () => 0.5 };

function fakeClock(start = Date.parse('2025-05-06T09:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(downloads: Downloads): Promise<string> {
  const app = express();
  downloads.mount(app);
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The link points at PUBLIC_BASE_URL; tests fetch the same path from the local server. */
function local(url: string, origin: string): string {
  return origin + new URL(url).pathname;
}

describe('downloads', () => {
  it('serves a stored file under PUBLIC_BASE_URL as an attachment, uncached', async () => {
    const clock = fakeClock();
    const downloads = createDownloads({ clock, random: cryptoRandom, publicBaseUrl: 'https://thermo.example.org/' });
    const origin = await serve(downloads);
    const url = downloads.put('round,n\nr1,7\n', 'text/csv', 'export netwerk.csv', 15 * 60_000);
    expect(url).toMatch(/^https:\/\/thermo\.example\.org\/downloads\/[A-Za-z0-9_-]{43}$/);

    const res = await fetch(local(url, origin));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="export-netwerk.csv"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe('round,n\nr1,7\n');
  });

  it('serves images inline, byte for byte', async () => {
    const downloads = createDownloads({ clock: fakeClock(), random: cryptoRandom, publicBaseUrl: 'http://localhost:3978' });
    const origin = await serve(downloads);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const res = await fetch(local(downloads.put(png, 'image/png', 'trend.png', 60_000), origin));
    expect(res.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
  });

  it('answers 404 once the link has expired, and stays gone', async () => {
    const clock = fakeClock();
    const downloads = createDownloads({ clock, random: cryptoRandom, publicBaseUrl: 'http://localhost:3978' });
    const origin = await serve(downloads);
    const url = local(downloads.put('a,b\n', 'text/csv', 'x.csv', 10_000), origin);
    clock.advance(9_999);
    expect((await fetch(url)).status).toBe(200);
    clock.advance(1);
    expect((await fetch(url)).status).toBe(404);
    clock.advance(-5_000);
    expect((await fetch(url)).status).toBe(404);
  });

  it('answers 404 for unknown and malformed tokens', async () => {
    const downloads = createDownloads({ clock: fakeClock(), random: cryptoRandom, publicBaseUrl: 'http://localhost:3978' });
    const origin = await serve(downloads);
    const url = new URL(downloads.put('secret', 'text/csv', 'x.csv', 60_000));
    const token = url.pathname.split('/').pop()!;
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect((await fetch(`${origin}/downloads/${flipped}`)).status).toBe(404);
    expect((await fetch(`${origin}/downloads/${token.slice(0, 20)}`)).status).toBe(404);
    expect((await fetch(`${origin}/downloads/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });

  it('uses at least 128 bits of randomness per token, never repeating', () => {
    const requested: number[] = [];
    const spy: Random = { bytes: (n) => (requested.push(n), cryptoRandom.bytes(n)), float: () => 0 };
    const downloads = createDownloads({ clock: fakeClock(), random: spy, publicBaseUrl: 'http://localhost:3978' });
    const tokens = new Set<string>();
    for (let i = 0; i < 2000; i++) tokens.add(downloads.put('x', 'text/csv', 'x.csv', 60_000).split('/').pop()!);
    expect(tokens.size).toBe(2000);
    expect(Math.min(...requested)).toBeGreaterThanOrEqual(16);
    for (const token of tokens) expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('drops the oldest files when the memory budget is exceeded', async () => {
    const downloads = createDownloads({ clock: fakeClock(), random: cryptoRandom, publicBaseUrl: 'http://localhost:3978', maxBytes: 10 });
    const origin = await serve(downloads);
    const first = local(downloads.put('123456', 'text/csv', 'a.csv', 60_000), origin);
    const second = local(downloads.put('abcdef', 'text/csv', 'b.csv', 60_000), origin);
    expect((await fetch(first)).status).toBe(404);
    expect(await (await fetch(second)).text()).toBe('abcdef');
  });
});
