/** Export, summary, suggestions, tips, help and privacy: aggregates only, never a single answer. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Level } from '../../src/core/scale.ts';
import { LEVELS } from '../../src/core/scale.ts';
import { createTestApp, testContent, type TestApp } from '../helpers/app.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

async function runRound(levels: Level[], comment = 'Geheime opmerking over Jan') {
  const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
  const voters = app.voters(levels.length, `U0R${round.id.slice(0, 4)}`);
  for (const [i, level] of levels.entries()) await app.useCases.submitAnswerForm(round.id, voters[i]!, { level: String(level), comment: `${comment} ${i}` });
  app.clock.advanceDays(7);
  const closed = await app.useCases.closeRoundNow(app.channel, app.coordinator);
  app.clock.advanceDays(21);
  return closed;
}

describe('export', () => {
  it('holds per-round aggregates only: no comments, and only the count for hidden rounds', async () => {
    app = createTestApp();
    await app.setup({ k: 5 });
    await runRound([1, 2, 2, 3, 1, 2]);
    const hidden = await runRound([4, 4]);
    const { filename, csv } = await app.useCases.exportCsv(app.channel, app.coordinator);
    expect(filename).toMatch(/^thermometer-kindcentrum-oost-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv).not.toContain('Geheime');
    expect(csv).not.toContain('Jan');
    const [header, shown, hiddenRow] = csv.trim().split('\r\n').map((l) => l.split(','));
    expect(header!.slice(0, 13)).toEqual(['round', 'opened', 'closed', 'instrument', 'n', 'k', 'shown', 'level_1', 'level_2', 'level_3', 'level_4', 'median', 'mean']);
    expect(shown!.slice(4, 11)).toEqual(['6', '5', 'true', '2', '3', '1', '0']);
    expect(hiddenRow![0]).toBe(hidden.round.id);
    expect(hiddenRow!.slice(4, 7)).toEqual(['2', '5', 'false']);
    expect(hiddenRow!.slice(7).every((c) => c === '')).toBe(true);
  });
});

describe('summary', () => {
  it('shows the latest round, the series and a button to share it; hidden rounds only as a count', async () => {
    app = createTestApp();
    await app.setup({ k: 5 });
    await runRound([1, 1, 2, 1, 2]);
    await runRound([3, 3]);
    await runRound([2, 3, 3, 4, 3, 2]);
    const summary = await app.useCases.summary(app.channel, app.coordinator);
    const text = app.slack.allText(summary);
    expect(text).toContain('Te weinig reacties om uitkomsten te tonen: 2, en er zijn er minstens 5 nodig.');
    expect(text).toContain('3 (50%)');
    const buttons = summary.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : []));
    expect(buttons.map((b) => b.actionId)).toContain('post_summary');

    const before = app.slack.posts.length;
    await app.useCases.postSummary(app.channel, app.coordinator);
    expect(app.slack.posts).toHaveLength(before + 1);
    const posted = app.slack.posts.at(-1)!.message;
    expect(posted.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : [])).map((b) => b.actionId)).not.toContain('post_summary');
  });

  it('says there is nothing yet before the first closed round', async () => {
    app = createTestApp();
    await app.setup();
    await expect(app.useCases.summary(app.channel, app.coordinator)).rejects.toMatchObject({ code: 'no_closed_round' });
  });
});

describe('suggestions and the conversation prompt', () => {
  it('renders every reason with readable labels and no placeholders, in both languages', async () => {
    for (const lang of ['nl', 'en'] as const) {
      app = createTestApp();
      await app.setup({ k: 3, language: lang });
      await runRound([1, 1, 1, 1]);
      const { round } = await runRound([1, 3, 4, 4, 3, 2]);
      const all = await app.useCases.moreInterventions(round.id, app.voters(1)[0]!);
      const text = app.slack.allText(all);
      expect(text).not.toMatch(/\{\w+\}|reason\.|app\./);
      const results = app.slack.allText(app.slack.posts.filter((p) => p.message.blocks.some((b) => b.kind === 'actions' && b.buttons.some((x) => x.actionId === 'more_interventions'))).at(-1)!.message);
      expect(results).not.toMatch(/\{\w+\}|reason\.|app\./);
      await app.cleanup();
    }
  });

  it('does not repeat a conversation prompt until all have been used', async () => {
    app = createTestApp();
    await app.setup({ k: 3 });
    const dilemmas = testContent().prompts.filter((p) => p.kind === 'dilemma');
    const seen: string[] = [];
    for (let i = 0; i < Math.min(dilemmas.length, 6); i += 1) {
      const { round } = await runRound([2, 2, 2]);
      const promptId = (await app.store.rounds.get(round.id))?.promptId;
      expect(promptId).toBeTruthy();
      seen.push(promptId!);
    }
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('texts for everyone', () => {
  it('gives tips per level and for all levels, each with a source', async () => {
    app = createTestApp();
    const one = await app.useCases.tips(app.channel, 3);
    expect(app.slack.allText(one)).toContain(testContent().levels[3].text.nl.label);
    expect(app.slack.allText(one)).toMatch(/Bron: /);
    const all = app.slack.allText(await app.useCases.tips(app.channel));
    for (const l of LEVELS) expect(all).toContain(testContent().levels[l].text.nl.label);
  });

  it('explains the commands and the privacy promises with the network’s k', async () => {
    app = createTestApp();
    await app.setup({ k: 7 });
    const help = app.slack.allText(await app.useCases.help(app.channel));
    for (const command of ['help', 'setup', 'now', 'close', 'summary', 'export', 'tips', 'privacy', 'erase']) expect(help).toContain(`/thermometer ${command}`);
    const privacy = app.slack.allText(await app.useCases.privacy(app.channel));
    expect(privacy).toContain('vanaf 7 reacties');
    expect(privacy).toContain('24 maanden');
  });
});
