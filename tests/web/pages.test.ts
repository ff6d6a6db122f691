/**
 * The pages over HTTP: privacy and terms in both languages, the security headers on
 * every page and asset, only listed assets served, the playground's endpoints refusing
 * what a foreign page could send, and no playground outside local mode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { startServer, type ServerHandle } from '../../src/server.ts';
import { quietLog, startSlackBot, type SlackBot } from '../fixtures/slack/slack-bot.ts';

let dir: string;
let local: ServerHandle;
let slack: SlackBot;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-pages-'));
  local = await startServer(parseConfig({ DATABASE_PATH: join(dir, 'bot.db'), PORT: '0', LOG_LEVEL: 'error' }), { log: quietLog, scheduler: false });
  slack = await startSlackBot();
}, 60_000);

afterAll(async () => {
  await local?.close();
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** fetch() may not set Host; a DNS-rebinding page would reach us under its own name. */
function statusWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    })
      .on('error', reject)
      .end();
  });
}

function expectSecurityHeaders(res: Response): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toMatch(/https?:/);
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
}

/** No inline script and no inline style in what the server renders. */
function expectNoInline(body: string): void {
  for (const tag of body.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc="\/assets\//);
  expect(body).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
  expect(body).not.toMatch(/\sstyle=|<style\b|\son[a-z]+=/i);
}

describe('privacy and terms', () => {
  it('are served in Dutch by default and in English on request, with the security headers', async () => {
    for (const [path, nl, en] of [
      ['/privacy', 'Privacyverklaring', 'Privacy statement'],
      ['/terms', 'Gebruiksvoorwaarden', 'Terms of use'],
    ] as const) {
      for (const base of [local.url, slack.server.url]) {
        const dutch = await fetch(`${base}${path}`);
        expect(dutch.status).toBe(200);
        expectSecurityHeaders(dutch);
        const body = await dutch.text();
        expect(body).toContain('<html lang="nl">');
        expect(body).toContain(`<h1>${nl}</h1>`);
        expectNoInline(body);
        const english = await (await fetch(`${base}${path}?lang=en`)).text();
        expect(english).toContain('<html lang="en">');
        expect(english).toContain(`<h1>${en}</h1>`);
        const preferred = await (await fetch(`${base}${path}`, { headers: { 'Accept-Language': 'en-GB,en;q=0.9,nl;q=0.5' } })).text();
        expect(preferred).toContain(`<h1>${en}</h1>`);
      }
    }
    // The privacy page carries the same promises as /thermometer privacy.
    const privacy = await (await fetch(`${local.url}/privacy`)).text();
    expect(privacy).toContain('Zo blijft jouw reactie anoniem');
    expect(privacy).toContain('vanaf 5 reacties');
  });
});

describe('assets', () => {
  it('serves the listed files with their types, from the bot itself, and nothing else', async () => {
    for (const [path, type] of [
      ['/assets/site.css', 'text/css'],
      ['/assets/print.css', 'text/css'],
      ['/assets/playground.js', 'text/javascript'],
      ['/assets/vendor/adaptivecards.min.js', 'text/javascript'],
      ['/assets/vendor/markdown-it.min.js', 'text/javascript'],
      ['/assets/fonts/DejaVuSans.ttf', 'font/ttf'],
    ] as const) {
      const res = await fetch(`${local.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expectSecurityHeaders(res);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    for (const path of ['/assets/../package.json', '/assets/%2e%2e/package.json', '/assets/vendor/../../src/config.ts', '/assets/nope.js']) {
      expect((await fetch(`${local.url}${path}`)).status, path).toBe(404);
    }
  });
});

describe('the dashboard route', () => {
  it('answers a link that does not verify with the bare 404 page, never cached', async () => {
    const res = await fetch(`${slack.server.url}/dashboard/v1.abc.zzz.${'A'.repeat(43)}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expectSecurityHeaders(res);
    const body = await res.text();
    expect(body).toContain('<h1>Pagina niet gevonden</h1>');
    expectNoInline(body);
  });
});

describe('the playground', () => {
  it('is the home page in local mode, private, with the controls a newcomer needs', async () => {
    const res = await fetch(`${local.url}/`);
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.text();
    expectNoInline(body);
    expect(body).toContain('<label for="member">Lid</label>');
    expect(body).toContain('>Ronde sluiten</button>');
    expect(body).toContain('>Volgende maand</button>');
  });

  it('refuses writes a page elsewhere could send: no JSON, a foreign origin, a foreign host', async () => {
    const api = `${local.url}/playground/api`;
    const body = JSON.stringify({ lang: 'nl', member: 1, verb: 'answer', data: { value: 'x:1' } });
    expect((await fetch(`${api}/action`, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
    expect((await fetch(`${api}/action`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' } })).status).toBe(403);
    expect(await statusWithHost(`${api}/state?lang=nl`, 'evil.example')).toBe(403);
    expect(await statusWithHost(`${api}/state?lang=nl`, `localhost:${local.port}`)).toBe(200);
    expect((await fetch(`${api}/action`, { method: 'POST', body: JSON.stringify({ lang: 'xx', member: 99 }), headers: { 'Content-Type': 'application/json' } })).status).toBe(400);
    const ok = await fetch(`${api}/action`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', Origin: local.url } });
    expect(ok.status).toBe(200);
  });

  it('does not exist outside local mode, where / is a short home page', async () => {
    const home = await fetch(`${slack.server.url}/`);
    expect(home.status).toBe(200);
    expectSecurityHeaders(home);
    const body = await home.text();
    expect(body).toContain('<h1>Partnership Thermometer</h1>');
    expect(body).not.toContain('Ronde sluiten');
    expect(body).not.toContain('/playground');
    expect((await fetch(`${slack.server.url}/playground/api/state?lang=nl`)).status).toBe(404);
    const write = await fetch(`${slack.server.url}/playground/api/reset`, { method: 'POST', body: '{"lang":"nl"}', headers: { 'Content-Type': 'application/json' } });
    expect(write.status).toBe(404);
    expect(slack.server.web.playgrounds).toBeUndefined();
  });
});
