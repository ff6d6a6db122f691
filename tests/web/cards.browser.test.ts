/**
 * The bot's real Teams cards as a Teams user sees them: made by the real use cases (a
 * typical round, tests/fixtures/cards/typical-round.ts), rendered by Microsoft's
 * `adaptivecards` renderer with the Teams light host config and Teams' styles in
 * Chromium, as wide as a channel message (540 px) and as a phone (340 px), in Dutch and
 * English. Nothing may be cut off: no button or text wider than its box or the card.
 * The round card stays short, and a typical round's results fit on a laptop screen.
 * `npm run screenshots` keeps the pictures in docs/ for the README.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderForm, renderMessage } from '../../src/adapters/teams/adaptive-card.ts';
import { fitToTeams } from '../../src/adapters/teams/card-size.ts';
import type { Attachment, ChatMessage } from '../../src/core/message.ts';
import type { Language } from '../../src/core/network.ts';
import { LEVELS } from '../../src/core/scale.ts';
import { typicalRound, type TypicalRound } from '../fixtures/cards/typical-round.ts';
import { openCardPage, PHONE_WIDTH, TEAMS_MESSAGE_WIDTH, type CardPage } from '../fixtures/teams/card-browser.ts';
import { assertValidCard } from '../fixtures/teams/card-validator.ts';
import { launchChromium, screenshotPath } from '../fixtures/web/browser.ts';
import { testContent } from '../helpers/app.ts';

/** The round card: question, four stacked level buttons, count, form button, privacy line. */
const ROUND_MAX_HEIGHT = 520;
/** A laptop screen less Teams' own frame. */
const RESULTS_MAX_HEIGHT = 1400;

const inline = (a: Attachment): string => `data:${a.mimeType};base64,${Buffer.from(a.data).toString('base64')}`;
const card = (message: ChatMessage): IAdaptiveCard => {
  // The post as the Teams gateway sends it: fitted, comments folded away.
  const { post } = fitToTeams(message, (m) => renderMessage(m, { attachmentUrl: inline }));
  const rendered = renderMessage(post, { attachmentUrl: inline });
  assertValidCard(rendered);
  return rendered;
};

let browser: Browser;
let page: CardPage;
let dir: string;
const rounds = new Map<Language, TypicalRound>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-cards-'));
  browser = await launchChromium();
  page = await openCardPage(browser);
  for (const lang of ['nl', 'en'] as const) rounds.set(lang, await typicalRound(lang));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const levelLabel = (lang: Language, level: 1 | 2 | 3 | 4): string => `${testContent().levels[level].emoji} ${testContent().levels[level].text[lang].label}`;

describe.each(['nl', 'en'] as const)('Teams cards in %s', (lang) => {
  const typical = (): TypicalRound => rounds.get(lang)!;
  const all = (): [string, IAdaptiveCard][] => [
    ['round', card(typical().round)],
    ['confirmation', card(typical().confirmation)],
    ['withdrawn', card(typical().withdrawn)],
    ['results', card(typical().results)],
    ['too few', card(typical().tooFew)],
    ['answer form', renderForm(typical().answerForm)],
    ['setup form', renderForm(typical().setupForm)],
  ];

  it.each([TEAMS_MESSAGE_WIDTH, PHONE_WIDTH])('cuts off no button and no text at %i px', async (width) => {
    for (const [name, json] of all()) {
      const measured = await page.show(json, width);
      expect({ name, cut: measured.cut }).toEqual({ name, cut: [] });
      for (const set of measured.actionSets) expect({ name, set: set.titles, fits: set.needed <= set.available }).toEqual({ name, set: set.titles, fits: true });
    }
  });

  it('shows the four level choices in full, one per row, first on the round card, under a set height', async () => {
    const measured = await page.show(card(typical().round));
    expect(measured.buttons.slice(0, 4)).toEqual(LEVELS.map((l) => levelLabel(lang, l)));
    expect(measured.actionSets.slice(0, 4).map((s) => s.titles.length)).toEqual([1, 1, 1, 1]);
    expect(measured.height).toBeLessThanOrEqual(ROUND_MAX_HEIGHT);
    // The title reads as a title: larger than body text (Teams' Medium is body size).
    expect(measured.headings[0]?.fontSize).toBeGreaterThan(14);
    if (lang === 'nl') await page.screenshot(screenshotPath('card-round.png', dir));
    const phone = await page.show(card(typical().round), PHONE_WIDTH);
    expect(phone.buttons.slice(0, 4)).toEqual(LEVELS.map((l) => levelLabel(lang, l)));
  });

  it('confirms privately with the level buttons again, the chosen one marked, and withdrawing', async () => {
    const measured = await page.show(card(typical().confirmation));
    const chosen = testContent().levels[3].text[lang].label;
    expect(measured.buttons.slice(0, 4)).toEqual([levelLabel(lang, 1), levelLabel(lang, 2), `✓ ${chosen}`, levelLabel(lang, 4)]);
    expect(measured.buttons).toContain(lang === 'nl' ? 'Intrekken' : 'Withdraw');
    if (lang === 'nl') await page.screenshot(screenshotPath('card-confirmation.png', dir));
  });

  it('shows a typical round’s results on one laptop screen, comments folded behind a button that opens them', async () => {
    const json = card(typical().results);
    const measured = await page.show(json);
    expect(measured.height).toBeLessThanOrEqual(RESULTS_MAX_HEIGHT);
    const fold = measured.buttons.find((b) => /opmerkingen|comments/.test(b));
    expect(fold).toBe(lang === 'nl' ? 'Toon de 4 opmerkingen' : 'Show the 4 comments');
    if (lang === 'nl') await page.screenshot(screenshotPath('card-results.png', dir));
    await page.click(fold!);
    const open = await page.measure();
    expect(open.height).toBeGreaterThan(measured.height + 60);
    expect(open.cut).toEqual([]);
  });

  it('shows the scale in the form: the levels as choices, the statements with a placeholder that says 1 to 5', async () => {
    const form = renderForm(typical().answerForm);
    await page.show(form);
    const levels = await page.page.locator('#frame input[type=radio]').count();
    expect(levels).toBe(4);
    const placeholders = await page.page.locator('#frame select option[disabled], #frame select option[value=""]').allTextContents();
    expect(placeholders.length).toBeGreaterThanOrEqual(5);
    expect(placeholders[0]).toMatch(lang === 'nl' ? /1 \(helemaal oneens\) tot 5 \(helemaal eens\)/ : /1 \(strongly disagree\) to 5 \(strongly agree\)/);
    if (lang === 'nl') await page.screenshot(screenshotPath('card-form.png', dir));
  });

  it('keeps the cron field folded behind "own schedule" and offers likely time zones', async () => {
    await page.show(renderForm(typical().setupForm));
    const cronLabel = page.page.locator('#frame').getByText(lang === 'nl' ? 'Eigen planning (cron)' : 'Custom schedule (cron)');
    expect(await cronLabel.isVisible()).toBe(false);
    const zone = page.page.locator('#frame select').filter({ has: page.page.locator('option[value="Europe/Brussels"]') });
    expect(await zone.count()).toBe(1);
    expect(await zone.inputValue()).toBe('Europe/Amsterdam');
    await page.click(lang === 'nl' ? 'Eigen planning invullen' : 'Enter a custom schedule');
    expect(await cronLabel.isVisible()).toBe(true);
    if (lang === 'nl') await page.screenshot(screenshotPath('card-setup.png', dir));
  });
});
