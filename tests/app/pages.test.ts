/**
 * What the web pages read: the dashboard link (coordinators only, seven days), the
 * dashboard it opens (stored aggregates only, never comments, hidden rounds as one
 * line) and the public privacy promises.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DASHBOARD_LINK_TTL_MS } from '../../src/app/dashboard-links.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { Level } from '../../src/core/scale.ts';
import { createChartRenderer } from '../../src/charts/index.ts';
import { createTestApp, testContent, type TestApp } from '../helpers/app.ts';

const KEY = new Uint8Array(32).fill(3);
let app: TestApp;
afterEach(() => app?.cleanup());

async function runRound(levels: Level[], extra: (i: number) => Record<string, string> = () => ({})) {
  const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
  const voters = app.voters(levels.length, `U0R${round.id.slice(0, 4)}`);
  for (const [i, level] of levels.entries()) await app.useCases.submitAnswerForm(round.id, voters[i]!, { level: String(level), comment: `Geheime opmerking ${i} over Jan`, ...extra(i) });
  app.clock.advanceDays(7);
  const closed = await app.useCases.closeRound(round.id);
  app.clock.advanceDays(21);
  return closed!;
}

async function tokenOf(): Promise<string> {
  const message = await app.useCases.dashboardLink(app.channel, app.coordinator);
  const match = /\/dashboard\/([A-Za-z0-9._-]+)\|/.exec(message.text);
  if (!match?.[1]) throw new Error(`no link in ${message.text}`);
  return match[1];
}

describe('the dashboard link', () => {
  it('is for coordinators, under PUBLIC_BASE_URL, and says until when it works', async () => {
    app = createTestApp({ deps: { dashboardKey: KEY } });
    await app.setup({ k: 5 });
    const message = await app.useCases.dashboardLink(app.channel, app.coordinator);
    expect(message.text).toMatch(/<http:\/\/localhost:3978\/dashboard\/v1\.[^|]+\|open het dashboard>/);
    expect(message.text).toContain('10 maart 2026');
    await expect(app.useCases.dashboardLink(app.channel, app.voters(1)[0]!)).rejects.toThrow(DomainError);
  });

  it('opens the dashboard until it expires, and nothing once the network is erased', async () => {
    app = createTestApp({ deps: { dashboardKey: KEY } });
    await app.setup({ k: 5 });
    const token = await tokenOf();
    expect((await app.useCases.dashboard(token))?.networkName).toBe('Kindcentrum Oost');
    app.clock.advance(DASHBOARD_LINK_TTL_MS - 1000);
    expect(await app.useCases.dashboard(token)).toBeDefined();
    app.clock.advance(1000);
    expect(await app.useCases.dashboard(token)).toBeUndefined();

    const fresh = await tokenOf();
    await app.useCases.erase(app.channel, app.coordinator);
    expect(await app.useCases.dashboard(fresh)).toBeUndefined();
  });

  it('cannot be made without a signing key', async () => {
    app = createTestApp();
    await app.setup({ k: 5 });
    await expect(app.useCases.dashboardLink(app.channel, app.coordinator)).rejects.toThrow(/signing key/);
  });
});

describe('the dashboard', () => {
  it('shows every closed round newest first from the stored aggregates: figures, groups that passed k, the prompt — never a comment', async () => {
    app = createTestApp({ deps: { dashboardKey: KEY, renderChart: createChartRenderer(testContent()) } });
    await app.setup({ k: 5, groupQuestions: 'both' });
    const first = await runRound([1, 2, 2, 3, 1, 2, 2, 2, 3, 2, 1], (i) => ({ domain: i < 6 ? 'education' : 'municipality' }));
    const hidden = await runRound([4, 4]);
    const view = (await app.useCases.dashboard(await tokenOf()))!;

    expect(view.rounds.map((r) => r.id)).toEqual([hidden.round.id, first.round.id]);
    const [latest, oldest] = view.rounds;
    expect(latest).toMatchObject({ n: 2, k: 5, tooFew: 'Te weinig reacties om uitkomsten te tonen: 2, en er zijn er minstens 5 nodig.' });
    expect(latest!.shown).toBeUndefined();
    expect(latest!.prompt).toBeUndefined();

    const stored = first.result;
    if (!stored.shown) throw new Error('the first round should show');
    expect(oldest!.shown!.distribution.map((d) => [d.level, d.count, d.percent])).toEqual([[1, 3, '27'], [2, 6, '55'], [3, 2, '18'], [4, 0, '0']]);
    // Groups exactly as stored at close: only those that passed k.
    const domains = oldest!.shown!.groups.find((g) => g.title.startsWith('Per domein'));
    expect(domains?.rows.map((r) => r.n)).toEqual(stored.groups.domain.shown.map((g) => g.n));
    expect(domains?.rows).toHaveLength(2);
    expect(domains?.rows.every((r) => r.n >= 5)).toBe(true);
    expect(oldest!.prompt?.title).toBeTruthy();

    // The results post shows the comments; the dashboard never does.
    expect(stored.comments.length).toBeGreaterThan(0);
    expect(JSON.stringify(view)).not.toMatch(/Geheime|Jan/);
    expect(view.chart?.mimeType).toBe('image/png');
    expect(view.agreements).toEqual([]);
  });

  it('can be read in English for a Dutch network', async () => {
    app = createTestApp({ deps: { dashboardKey: KEY } });
    await app.setup({ k: 5 });
    await runRound([2, 2, 2, 3, 1]);
    const view = (await app.useCases.dashboard(await tokenOf(), { lang: 'en' }))!;
    expect(view.lang).toBe('en');
    expect(view.rounds[0]!.shown!.distribution.map((d) => d.label)).toEqual(['Friendly and open', 'Guarded', 'Disagreement', 'Conflict']);
  });
});

describe('the privacy notice', () => {
  it('gives the promises with the default threshold in either language', async () => {
    app = createTestApp();
    const nl = app.slack.allText(await app.useCases.privacyNotice('nl'));
    const en = app.slack.allText(await app.useCases.privacyNotice('en'));
    expect(nl).toContain('Zo blijft jouw reactie anoniem');
    expect(nl).toContain('vanaf 5 reacties');
    expect(en).not.toContain('Zo blijft jouw reactie anoniem');
    expect(en).toMatch(/anonym/i);
  });
});
