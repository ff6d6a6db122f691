/**
 * The playground as a newcomer meets it, in real Chromium: `npm start` in local mode,
 * the page at `/`, the bot's real Teams cards rendered by the Adaptive Cards renderer.
 * A full round with six members — answers by button and by form, a change, a
 * withdrawal — the live count, the coordinator's close with the results and the chart,
 * then "next month" and a second round whose results compare with the first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { startServer, type ServerHandle } from '../../src/server.ts';
import { LEVELS, type Level } from '../../src/core/scale.ts';
import { testContent } from '../helpers/app.ts';
import { quietLog } from '../fixtures/slack/slack-bot.ts';
import { collectErrors, launchChromium, loadedWidth, screenshotPath } from '../fixtures/web/browser.ts';

const content = testContent();
const levelName = (level: Level): string => `${content.levels[level].emoji} ${content.levels[level].text.nl.label}`;

let dir: string;
let server: ServerHandle;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-playground-'));
  const config = parseConfig({ DATABASE_PATH: join(dir, 'bot.db'), PORT: '0', LOG_LEVEL: 'error' });
  server = await startServer(config, { log: quietLog, scheduler: false });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The channel's round card that still takes answers (it has the level buttons). */
function openRound(page: Page): Locator {
  return page.locator('#feed article').filter({ has: page.getByRole('button', { name: levelName(1), exact: true }) });
}

async function asMember(page: Page, n: number): Promise<void> {
  await page.getByLabel('Lid', { exact: true }).selectOption(String(n));
  await expect.poll(() => page.locator('#private-title').textContent()).toContain(`Lid ${n}`);
}

async function clickLevel(page: Page, level: Level, expected: RegExp): Promise<void> {
  await openRound(page).getByRole('button', { name: levelName(level), exact: true }).click();
  await expect.poll(() => page.locator('#private').textContent()).toMatch(expected);
}

async function countShown(page: Page, text: string): Promise<void> {
  await expect.poll(() => openRound(page).textContent()).toContain(text);
}

describe('the playground in Chromium', () => {
  it('runs a full round with six members, closes it into the real results post with the chart, and runs the scheduler a month on', async () => {
    const page = await browser.newPage({ locale: 'nl-NL', viewport: { width: 1280, height: 1000 } });
    const errors = collectErrors(page);
    await page.goto(`${server.url}/`);

    // The four level buttons, reachable by their names, in order, on the round card.
    const round = openRound(page);
    await round.waitFor();
    const buttons = await round.getByRole('button').allTextContents();
    expect(buttons.slice(0, 4).map((b) => b.trim())).toEqual(LEVELS.map(levelName));
    await countShown(page, 'Nog geen reacties');

    // Members 1–3 click a level; only the count moves in the channel.
    await asMember(page, 1);
    await clickLevel(page, 2, /Anoniem vastgelegd: waakzaam/);
    await countShown(page, '1 reactie');
    await asMember(page, 2);
    await clickLevel(page, 2, /Anoniem vastgelegd/);
    await asMember(page, 3);
    await clickLevel(page, 3, /Anoniem vastgelegd: onenigheid/);
    await countShown(page, '3 reacties');

    // Member 4 changes their mind: still one response.
    await asMember(page, 4);
    await clickLevel(page, 1, /Anoniem vastgelegd/);
    await countShown(page, '4 reacties');
    await clickLevel(page, 3, /Gewijzigd, nog steeds anoniem: onenigheid/);
    await countShown(page, '4 reacties');

    // Member 5 answers, withdraws (the count goes back), and answers again.
    await asMember(page, 5);
    await clickLevel(page, 4, /Anoniem vastgelegd: conflict/);
    await countShown(page, '5 reacties');
    await page.locator('#private').getByRole('button', { name: 'Intrekken' }).click();
    await expect.poll(() => page.locator('#private').textContent()).toContain('ingetrokken');
    await countShown(page, '4 reacties');
    await clickLevel(page, 2, /Anoniem vastgelegd: waakzaam/);
    await countShown(page, '5 reacties');

    // Member 6 uses the form: a level, a statement, domain and tier, a comment.
    await asMember(page, 6);
    await openRound(page).getByRole('button', { name: /^Meer vragen/ }).click();
    const form = page.locator('#private');
    // The levels stand as choices in view; the statements are dropdowns that name the scale.
    await form.getByRole('radio', { name: levelName(4) }).waitFor();
    await form.getByRole('radio', { name: levelName(4) }).check();
    await form.getByRole('combobox').first().selectOption('2');
    await form.getByRole('textbox').fill('We praten te weinig over wat er misgaat.');
    await form.getByRole('button', { name: 'Versturen' }).click();
    await expect.poll(() => form.textContent()).toMatch(/Anoniem vastgelegd: conflict.*stelling/s);
    await countShown(page, '6 reacties');

    // The coordinator closes the round: the real results post, with exact figures and the chart.
    await page.getByRole('button', { name: 'Ronde sluiten' }).click();
    const results = page.locator('#feed article').filter({ hasText: 'Uitkomst reflectiemoment Speeltuinnetwerk' });
    await results.waitFor();
    const text = (await results.textContent()) ?? '';
    expect(text).toContain('6 reacties');
    // Final answers: 2, 2, 3, 3, 2, 4 → level 1: 0, level 2: 3, level 3: 2, level 4: 1.
    for (const figure of ['0 (0%)', '3 (50%)', '2 (33%)', '1 (17%)']) expect(text).toContain(figure);
    // Comments are folded away behind a button that opens them.
    await results.getByRole('button', { name: 'Toon de opmerking' }).click();
    await expect.poll(() => results.getByText('We praten te weinig over wat er misgaat.').isVisible()).toBe(true);
    const chart = results.getByRole('img');
    await chart.waitFor();
    expect(await chart.getAttribute('alt')).toMatch(/\S{10,}/);
    expect(await loadedWidth(chart)).toBeGreaterThan(200);
    expect(await openRound(page).count()).toBe(0);
    // The results' top just below the sticky controls, for the README's screenshot.
    const top = (await results.boundingBox())?.y ?? 0;
    await page.mouse.wheel(0, top - 120);
    await page.waitForTimeout(200);
    await page.screenshot({ path: screenshotPath('playground.png', join(dir, 'shots')) });

    // Next month: the scheduler opens the next round; five members answer; the results compare.
    const before = await page.locator('#clock').textContent();
    await page.getByRole('button', { name: 'Volgende maand' }).click();
    await openRound(page).waitFor();
    expect(await page.locator('#clock').textContent()).not.toBe(before);
    for (const [member, level] of [[1, 4], [2, 4], [3, 4], [4, 4], [5, 3]] as const) {
      await asMember(page, member);
      await clickLevel(page, level, /Anoniem vastgelegd/);
    }
    await countShown(page, '5 reacties');
    await page.getByRole('button', { name: 'Ronde sluiten' }).click();
    await expect.poll(() => page.locator('#feed article').filter({ hasText: 'Uitkomst reflectiemoment' }).count()).toBe(2);
    const second = page.locator('#feed article').filter({ hasText: 'Uitkomst reflectiemoment' }).last();
    // From mostly waakzaam to mostly conflict: more tension than before, said with both rounds' figures.
    expect(await second.textContent()).toMatch(/Meer spanning dan in de rondes ervoor.*eerder/s);
    expect(await second.textContent()).toContain('Wat kunnen jullie doen?');

    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('is English with an English page, and every script, style and font comes from the bot itself', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    const errors = collectErrors(page);
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(server.url) && !url.startsWith('data:')) foreign.push(url);
    });
    await page.goto(`${server.url}/?lang=en`);
    const round = page.locator('#feed article').filter({ has: page.getByRole('button', { name: `${content.levels[1].emoji} ${content.levels[1].text.en.label}`, exact: true }) });
    await round.waitFor();
    expect(await page.getByLabel('Member', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Close round' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Next month' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const font = await page.evaluate("document.fonts.ready.then(() => document.fonts.check(\"16px 'DejaVu Sans'\"))");
    expect(font).toBe(true);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
