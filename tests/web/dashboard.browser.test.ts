/**
 * The dashboard as a coordinator reaches it: `/thermometer dashboard` through the real
 * Slack endpoint answers privately with a signed link; that link opens in real Chromium
 * to every closed round (exact figures, a hidden round as one line), the chart and the
 * printable report. A tampered link, another network's signature, an expired link and
 * a link after erasing all get the same 404 page, telling nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackBot, type SlackBot } from '../fixtures/slack/slack-bot.ts';
import { collectErrors, launchChromium, loadedWidth, rowTexts, screenshotPath } from '../fixtures/web/browser.ts';
import { fixedClock } from '../helpers/clock.ts';

const COORD = 'U0COORD';
const OTHER_CHANNEL = 'C0OTHER';
const OTHER_COORD = 'U0COORD2';
const clock = fixedClock('2026-03-03T08:00:00Z');
let bot: SlackBot;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-dashboard-'));
  bot = await startSlackBot({ clock });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await bot?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends a command and returns the text of the first private reply after it that matches. */
async function ask(user: string, text: string, reply: RegExp, channel?: string): Promise<string> {
  const before = bot.api.responses.length;
  const found = (): string | undefined => bot.api.responses.slice(before).map((r) => JSON.stringify(r.body)).find((body) => reply.test(body));
  expect((await bot.command(user, text, channel)).status).toBe(200);
  await bot.until(() => found() !== undefined, `the reply to ${text}`);
  return found() ?? '';
}

const DASHBOARD_REPLY = /\/dashboard\/|coördinator/;

async function setUp(user: string, name: string, channel?: string): Promise<void> {
  const modals = bot.api.called('views.open').length;
  const ephemerals = bot.api.called('chat.postEphemeral').length;
  await bot.command(user, 'setup', channel);
  await bot.until(() => bot.api.called('views.open').length > modals, 'the setup modal');
  await bot.submitModal(user, { name, k: 5 });
  await bot.until(() => bot.api.called('chat.postEphemeral').length > ephemerals, 'the setup confirmation');
}

/** Opens a round, lets one voter per level in `levels` answer, closes it. */
async function runRound(levels: number[]): Promise<void> {
  const posts = bot.api.called('chat.postMessage').length;
  await bot.command(COORD, 'now');
  await bot.until(() => bot.api.called('chat.postMessage').length > posts, 'the round message');
  const buttons = bot.buttonsOf(bot.lastPost()).slice(0, 4);
  const before = bot.api.responses.length;
  for (const [i, level] of levels.entries()) await bot.click(`U${i + 1}`, buttons[level - 1]!);
  await bot.until(() => bot.api.responses.length >= before + levels.length, 'the confirmations');
  const closing = bot.api.called('chat.postMessage').length;
  await bot.command(COORD, 'close');
  await bot.until(() => bot.api.called('chat.postMessage').length > closing, 'the results');
  clock.advanceDays(30);
}

function linkIn(text: string): URL {
  const match = /(https?:\/\/[^|>"\s]+\/dashboard\/[A-Za-z0-9._-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no dashboard link in ${text}`);
  return new URL(match[1]);
}

/** The link's path opened on the bot under test (PUBLIC_BASE_URL is not this port). */
const local = (link: URL): string => `${bot.server.url}${link.pathname}`;

async function distribution(page: Page, article: number): Promise<string[]> {
  return rowTexts(page.locator('article.round').nth(article).locator('table.distribution tbody tr'));
}

describe('the dashboard, from the Slack command to the printed report', () => {
  let link: URL;

  it('answers a coordinator privately with a signed link, and anyone else with a refusal', async () => {
    await setUp(COORD, 'Netwerk Oost');
    await runRound([1, 2, 2, 2, 3, 2, 1]);
    await runRound([2, 3, 3, 3, 2, 3, 4]);
    await runRound([2, 3]);
    const reply = await ask(COORD, 'dashboard', DASHBOARD_REPLY);
    link = linkIn(reply);
    expect(link.origin).toBe(bot.server.deps.publicBaseUrl);
    expect(bot.api.responses.at(-1)?.body.response_type).toBe('ephemeral');
    // Never in the channel.
    for (const post of bot.api.called('chat.postMessage')) expect(JSON.stringify(post.args)).not.toContain('/dashboard/');
    const refusal = await ask('U3', 'dashboard', DASHBOARD_REPLY);
    expect(refusal).not.toContain('/dashboard/');
    expect(refusal).toContain('coördinator');
  }, 60_000);

  it('opens in Chromium with every closed round, exact figures, the chart and a printable report', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
    const errors = collectErrors(page);
    const response = await page.goto(local(link));
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toBe('no-store');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard Netwerk Oost');
    expect(await page.getByRole('heading', { name: 'Alle rondes (3)' }).count()).toBe(1);
    expect(await page.locator('article.round').count()).toBe(3);

    // Newest first: the round with two answers shows one line and no figure.
    const hidden = page.locator('article.round').nth(0);
    expect(await hidden.textContent()).toContain('Te weinig reacties om uitkomsten te tonen: 2, en er zijn er minstens 5 nodig.');
    expect(await hidden.locator('table').count()).toBe(0);
    // Round two: 2, 3, 3, 3, 2, 3, 4 — and round one: 1, 2, 2, 2, 3, 2, 1.
    expect(await distribution(page, 1)).toEqual(['🟢 Vriendschappelijk aangenaam 0 0%', '🟡 Waakzaam 2 29%', '🟠 Onenigheid 4 57%', '🔴 Conflict 1 14%']);
    expect(await distribution(page, 2)).toEqual(['🟢 Vriendschappelijk aangenaam 2 29%', '🟡 Waakzaam 4 57%', '🟠 Onenigheid 1 14%', '🔴 Conflict 0 0%']);
    expect(await page.locator('article.round').nth(1).textContent()).toMatch(/Middenwaarde: onenigheid.*Vorige ronde: waakzaam/s);
    expect(await page.locator('article.round').nth(1).getByText(/^Gespreksvraag: /).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Afspraken' }).count()).toBe(1);

    const chart = page.locator('figure.chart img');
    expect(await chart.getAttribute('alt')).toMatch(/\S{10,}/);
    expect(await loadedWidth(chart)).toBeGreaterThan(200);
    await page.screenshot({ path: screenshotPath('dashboard.png', join(dir, 'shots')) });

    // The report: printing hides the page chrome and the button, keeps every round.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Verslag afdrukken' }).isVisible()).toBe(false);
    expect(await page.locator('header.site-header').isVisible()).toBe(false);
    expect(await page.locator('article.round').nth(2).isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the same bare 404 page for a tampered link and for another network’s signature', async () => {
    await setUp(OTHER_COORD, 'Netwerk West', OTHER_CHANNEL);
    const other = linkIn(await ask(OTHER_COORD, 'dashboard', DASHBOARD_REPLY, OTHER_CHANNEL));
    const [version, networkId, expiry, mac] = link.pathname.split('/').at(-1)!.split('.');
    const [, otherNetwork] = other.pathname.split('/').at(-1)!.split('.');
    const flipped = mac!.slice(0, -1) + (mac!.endsWith('A') ? 'B' : 'A');
    const page = await browser.newPage({ locale: 'nl-NL' });
    for (const token of [`${version}.${networkId}.${expiry}.${flipped}`, `${version}.${otherNetwork}.${expiry}.${mac}`, `${version}.${networkId}.${(parseInt(expiry!, 36) + 86_400).toString(36)}.${mac}`]) {
      const response = await page.goto(`${bot.server.url}/dashboard/${token}`);
      expect(response?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Pagina niet gevonden');
      const body = (await page.locator('body').textContent()) ?? '';
      expect(body).not.toMatch(/Netwerk Oost|Netwerk West|verlopen|expired|signature|handtekening/i);
    }
    // The other network's own link shows that network, not this one.
    await page.goto(local(other));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard Netwerk West');
    await page.close();
  }, 60_000);

  it('stops working after seven days, and at once when the network is erased', async () => {
    const fresh = linkIn(await ask(COORD, 'dashboard', DASHBOARD_REPLY));
    expect((await fetch(local(fresh))).status).toBe(200);
    clock.advanceDays(7);
    clock.advance(60_000);
    expect((await fetch(local(fresh))).status).toBe(404);

    const current = linkIn(await ask(COORD, 'dashboard', DASHBOARD_REPLY));
    expect((await fetch(local(current))).status).toBe(200);
    const modals = bot.api.called('views.open').length;
    await bot.command(COORD, 'erase');
    await bot.until(() => bot.api.called('views.open').length > modals, 'the erase confirmation');
    expect((await bot.submitModal(COORD, {})).status).toBe(200);
    await bot.until(() => bot.api.responses.some((r) => JSON.stringify(r.body).includes('gewist')) || bot.api.called('chat.postEphemeral').some((c) => JSON.stringify(c.args).includes('gewist')), 'the erase');
    const after = await fetch(local(current));
    expect(after.status).toBe(404);
    expect(await after.text()).not.toContain('Netwerk Oost');
  }, 60_000);
});
