/**
 * Every kind of message and form the bot builds, checked by the platforms' own rules
 * after fitting: each Slack payload (post and thread replies, modals) against Block Kit's
 * documented limits including the cumulative text, and each Teams card parsed by
 * Microsoft's Adaptive Cards library (1.5) and within the safe card size. The corpus
 * comes from the real use cases: setup, a round with sixty long comments, results,
 * summary, all suggestions, help, tips, privacy, errors, forms — in both languages —
 * plus the results of simulated networks of every scenario.
 */
import { describe, expect, it } from 'vitest';
import { renderMessage as slackMessage, renderModal } from '../../src/adapters/slack/block-kit.ts';
import { budgetUsed, fitToSlack, TEXT_BUDGET } from '../../src/adapters/slack/limits.ts';
import { renderForm, renderMessage as teamsMessage } from '../../src/adapters/teams/adaptive-card.ts';
import { cardBytes, CARD_BUDGET_BYTES, fitToTeams } from '../../src/adapters/teams/card-size.ts';
import { resultsMessage } from '../../src/app/messages/results-message.ts';
import { loadContent } from '../../src/content/load.ts';
import { DomainError } from '../../src/core/errors.ts';
import { evaluateRules } from '../../src/core/interventions.ts';
import type { ChatMessage, Form } from '../../src/core/message.ts';
import { trend } from '../../src/core/trend.ts';
import { messageProblems, viewProblems } from '../fixtures/slack/block-kit-rules.ts';
import { SCENARIOS, simulateNetwork } from '../fixtures/simulated-network.ts';
import { cardProblems } from '../fixtures/teams/card-validator.ts';
import { createTestApp } from '../helpers/app.ts';

const content = loadContent();
const statementTips = Object.fromEntries([...content.instruments.values()].flatMap((i) => i.statements.map((s) => [s.id, s.tips])));
const longComment = (i: number) => `#${i}# ${'Wat we afspreken komt niet terug in onze eigen organisaties. '.repeat(20)}`.slice(0, 1000);

async function corpus(lang: 'nl' | 'en'): Promise<{ messages: [string, ChatMessage][]; forms: [string, Form][] }> {
  const app = createTestApp({ seed: lang === 'nl' ? 3 : 4 });
  const messages: [string, ChatMessage][] = [];
  const forms: [string, Form][] = [];
  forms.push(['setup form', await app.useCases.setupForm(app.channel, app.coordinator)]);
  await app.setup({ language: lang, instrument: 'netwerkvoorwaarden', groupQuestions: 'both', k: 5 });
  const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
  const voters = app.voters(60);
  for (const [i, voter] of voters.entries()) {
    const ratings = Object.fromEntries((content.instruments.get('netwerkvoorwaarden')?.statements ?? []).map((s, j) => [`s.${s.id}`, String(1 + ((i + j) % 5))]));
    const receipt = await app.useCases.submitAnswerForm(round.id, voter, { level: String(1 + (i % 4)), domain: 'education', orgLevel: i % 2 ? 'board' : 'execution', comment: longComment(i), ...ratings });
    if (i === 0) messages.push(['confirmation', receipt.confirmation]);
  }
  forms.push(['answer form', await app.useCases.answerForm(round.id, voters[0]!)]);
  await app.useCases.closeRoundNow(app.channel, app.coordinator);
  for (const post of app.slack.posts) messages.push([`post ${post.message.text.slice(0, 30)}`, post.current]);
  const results = app.slack.posts.at(-1)!.message;
  if (results.reduced) messages.push(['reduced results', results.reduced]);
  messages.push(['summary', await app.useCases.summary(app.channel, app.coordinator)]);
  messages.push(['all suggestions', await app.useCases.moreInterventions(round.id, app.coordinator)]);
  messages.push(['help', await app.useCases.help(app.channel)], ['tips', await app.useCases.tips(app.channel)], ['privacy', await app.useCases.privacy(app.channel)]);
  for (const level of [1, 2, 3, 4] as const) messages.push([`tips ${level}`, await app.useCases.tips(app.channel, level)]);
  for (const code of ['network_not_found', 'round_already_open', 'no_open_round', 'comment_too_long'] as const) messages.push([`error ${code}`, app.useCases.errorMessage(new DomainError(code, { max: 1000 }), lang)]);
  messages.push(['invalid settings', app.useCases.errorMessage(new DomainError('invalid_settings', { field: 'timeZone' }), lang)]);
  forms.push(['erase form', await app.useCases.eraseForm(app.channel, app.coordinator)]);
  return { messages, forms };
}

function simulatedResults(): [string, ChatMessage][] {
  const out: [string, ChatMessage][] = [];
  for (const scenario of SCENARIOS) {
    for (let seed = 1; seed <= 3; seed++) {
      const { points } = simulateNetwork(scenario, seed);
      const latest = points.at(-1)!;
      const suggestions = evaluateRules(content.rules, { history: points, statementTips });
      const message = resultsMessage(
        { content, lang: 'nl', timeZone: 'Europe/Amsterdam' },
        { networkName: 'Netwerk Kansrijk Opgroeien in de Regio', roundId: latest.roundId, openedAt: null, closedAt: latest.closedAt, result: latest.result, trend: trend(points), suggestions, prompt: content.prompts.find((p) => p.kind === 'dilemma') },
      );
      out.push([`${scenario} ${seed}`, message]);
    }
  }
  return out;
}

describe('every message and form, by the platforms’ own rules', async () => {
  const all = await Promise.all([corpus('nl'), corpus('en')]);
  const messages = [...all.flatMap((c) => c.messages), ...simulatedResults()];
  const forms = all.flatMap((c) => c.forms);

  it('has a corpus with the long results in it', () => {
    expect(messages.length).toBeGreaterThan(40);
    expect(messages.some(([, m]) => (m.list?.items.length ?? 0) === 60)).toBe(true);
  });

  it('Slack: every post and thread reply within Block Kit’s limits and the bot’s text budget; every modal valid', () => {
    for (const [name, message] of messages) {
      const { post, thread } = fitToSlack(message);
      for (const part of [post, ...thread]) {
        const rendered = slackMessage(part);
        expect(messageProblems({ text: rendered.text, blocks: rendered.blocks }), name).toEqual([]);
        expect(budgetUsed(rendered.blocks), name).toBeLessThanOrEqual(TEXT_BUDGET);
      }
    }
    for (const [name, form] of forms) expect(viewProblems(renderModal(form, { context: 'x', channel: 'C0NETWORK' }) as never), name).toEqual([]);
  });

  it('Teams: every card parsed by Microsoft’s Adaptive Cards library without a problem, and within the safe size', () => {
    const render = (m: ChatMessage) => teamsMessage(m, { attachmentUrl: () => 'https://thermometer.example.org/downloads/chart.png' });
    for (const [name, message] of messages) {
      const { post, thread } = fitToTeams(message, render);
      for (const part of [post, ...thread]) {
        const card = render(part);
        expect(cardProblems(card), name).toEqual([]);
        expect(cardBytes(card), name).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
      }
    }
    for (const [name, form] of forms) expect(cardProblems(renderForm(form)), name).toEqual([]);
  });

  it('Teams: commands are said the Teams way, and error toasts carry no markup', () => {
    const render = (m: ChatMessage) => JSON.stringify(teamsMessage(m, { attachmentUrl: () => 'https://x.example/c.png' }));
    for (const [name, message] of messages) expect(render(message), name).not.toContain('/thermometer');
    const error = messages.find(([name]) => name === 'invalid settings')![1];
    expect(error.text).toMatch(/Tijdzone|Time zone/);
    expect(error.text).not.toContain('*');
  });
});
