/**
 * Agreements belong to the whole network, end to end through the real server: a network
 * set up in a Slack channel (Dutch) and joined from a Teams channel of another tenant that
 * reads English. Each channel's coordinator records an agreement in their own words; the
 * next round card in each channel shows both, headed in its own language, and each form
 * asks about both in that language; the one combined result shows in each channel how
 * each was rated (only from k); and a coordinator in Teams closes the agreement that was
 * made in Slack, which Slack's list then shows as done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botAddedToTeam, cardAction, mentionMessage, person, scene, type TeamsPerson, type TeamsScene } from '../fixtures/teams/activities.ts';
import type { CardJson } from '../fixtures/teams/fake-connector.ts';
import type { RecordedCall } from '../fixtures/slack/fake-slack-api.ts';
import { OTHER_TENANT, startMultiOrgBot, TEAMS_APP_ID, type MultiOrgBot, type SlackButton } from '../fixtures/multi-org-bot.ts';

const OOST = { id: 'T0OOSTOOST', name: 'Gemeente Oost' };
const CODE = /\*([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\*/;
const IN_SLACK = 'We bellen voordat we mailen';
const IN_TEAMS = 'We share the minutes within two days';

const text = (value: unknown): string => JSON.stringify(value);

interface Element {
  type: string;
  id?: string;
  value?: unknown;
  label?: string;
  choices?: { title: string; value: string }[];
  actions?: { type: string; verb?: string; title?: string; data?: Record<string, unknown> }[];
}
const body = (card: CardJson): Element[] => card.body as unknown as Element[];
const actions = (card: CardJson) => body(card).filter((e) => e.type === 'ActionSet').flatMap((e) => e.actions ?? []);

describe('agreements across a Slack channel and an English Teams channel of one network', () => {
  let bot: MultiOrgBot;
  let teams: TeamsScene;
  const coordinator = 'U0COORD';
  const teamsCoordinator = person(300, 'Yara de Jong');
  let roundId = '';

  beforeAll(async () => {
    bot = await startMultiOrgBot({ SECRETS_KEY: 'a-secret-of-at-least-thirty-two-characters-long' });
    teams = scene({ serviceUrl: bot.connector.serviceUrl, tenantId: OTHER_TENANT, botId: `28:${TEAMS_APP_ID}`, channelId: '19:jeugdzorg0west@thread.tacv2', teamId: '19:jeugdzorg0west@thread.tacv2' });
  });
  afterAll(() => bot?.close());

  const posts = (): RecordedCall[] => bot.slack.called('chat.postMessage').filter((c) => c.args.channel === 'C0OOST');
  const teamsCards = (): CardJson[] => bot.connector.cards(teams.channelId);
  async function reply(command: string, what: string): Promise<string> {
    const { responseId } = await bot.command(OOST.id, 'C0OOST', coordinator, command);
    await bot.until(() => bot.repliesTo(responseId).some((r) => r.includes(what)), `"${what}" in Slack`);
    return bot.repliesTo(responseId).join('\n');
  }
  async function invokeCard(who: TeamsPerson, verb: string, data: Record<string, unknown>): Promise<CardJson> {
    const result = await bot.teams(cardAction(teams, who, verb, data));
    expect(result.status).toBe(200);
    const response = result.body as { type: string; value: unknown };
    if (response.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`expected a card, got: ${text(response.value)}`);
    return response.value as CardJson;
  }

  it('lets each channel record an agreement, in its own language, for the one network', async () => {
    expect((await bot.install(OOST)).response.status).toBe(200);
    await bot.command(OOST.id, 'C0OOST', coordinator, 'setup');
    await bot.until(() => bot.slack.called('views.open').length > 0, 'the setup modal');
    await bot.submitModal(bot.slack.called('views.open').at(-1)!, coordinator, { name: 'Samen Sterk Oost', k: '3' }, { team: OOST.id });
    await bot.until(() => bot.slack.called('chat.postEphemeral').length > 0, 'the setup confirmation');
    const code = CODE.exec(text(bot.slack.called('chat.postEphemeral').at(-1)!.args.blocks))?.[1] ?? '';
    await bot.teams(botAddedToTeam(teams, teamsCoordinator));
    await bot.teams(mentionMessage(teams, teamsCoordinator, `join ${code} Jeugdzorg`));
    await bot.teams(mentionMessage(teams, teamsCoordinator, 'channel language en'));

    expect(await reply(`afspraak ${IN_SLACK}`, 'Afspraak vastgelegd')).toContain(IN_SLACK);
    // The English word in Teams, answered in English: the channel's language.
    await bot.teams(mentionMessage(teams, teamsCoordinator, `agreement ${IN_TEAMS}`));
    const recorded = text(teamsCards().at(-1));
    expect(recorded).toContain('Agreement recorded');
    expect(recorded).toContain(IN_TEAMS);
    // Anyone in either channel sees both: they are the network's.
    const list = await reply('afspraken', 'Lopende afspraken (2)');
    expect(list).toContain(IN_TEAMS);
  });

  it('shows both in every channel\'s round card, headed in its language, and asks about both in each form', async () => {
    await bot.command(OOST.id, 'C0OOST', coordinator, 'now');
    await bot.until(() => posts().some((p) => text(p.args).includes('"answer')), 'the round in Slack');
    const teamsRound = await bot.connector.waitFor(() => teamsCards().find((c) => text(c).includes('"verb":"answer"')));
    const slackRound = text(posts().find((p) => text(p.args).includes('"answer'))!.args);
    expect(slackRound).toContain('Jullie afspraken');
    expect(text(teamsRound)).toContain('Your agreements');
    expect(text(teamsRound)).not.toContain('Jullie afspraken');
    // Newest first, in both.
    for (const round of [slackRound, text(teamsRound)]) expect(round.indexOf(IN_TEAMS)).toBeLessThan(round.indexOf(IN_SLACK));
    roundId = String(actions(teamsRound)[0]!.data!.value).split(':')[0]!;

    // Three people in Slack: a level, then the form with "Helpt deze afspraak ons?" on the one made in Slack.
    const network = await bot.handle.useCases.networkFor({ platform: 'slack', workspace: OOST.id, channel: 'C0OOST' });
    const [fromTeams, fromSlack] = await bot.handle.deps.store.agreements.forNetwork(network!.id);
    expect([fromTeams?.text, fromSlack?.text]).toEqual([IN_TEAMS, IN_SLACK]);
    for (const user of ['U0OOST1', 'U0OOST2', 'U0OOST3']) {
      const answer: SlackButton = { action_id: 'answer', value: `${roundId}:2` };
      await bot.click(OOST.id, 'C0OOST', user, answer);
      const modals = bot.slack.called('views.open').length;
      await bot.click(OOST.id, 'C0OOST', user, { action_id: 'more_questions', value: roundId });
      await bot.until(() => bot.slack.called('views.open').length > modals, 'the answer form in Slack');
      const modal = bot.slack.called('views.open').at(-1)!;
      const labels = (modal.args.view as { blocks: { block_id?: string; label?: { text: string } }[] }).blocks.filter((b) => b.block_id?.startsWith('a.')).map((b) => b.label?.text ?? '');
      expect(labels).toHaveLength(2);
      expect(labels.every((l) => l.startsWith('Helpt deze afspraak ons?'))).toBe(true);
      const ephemerals = bot.slack.called('chat.postEphemeral').length;
      expect(await bot.submitModal(modal, user, { [`a.${fromSlack!.id}`]: 'yes' }, { team: OOST.id })).toBe(200);
      await bot.until(() => bot.slack.called('chat.postEphemeral').length > ephemerals, 'the confirmation in Slack');
    }

    // Two people in Teams: the form in English, about both.
    for (const n of [301, 302]) {
      await invokeCard(person(n), 'answer', { value: `${roundId}:3` });
      const form = await invokeCard(person(n), 'more_questions', { value: roundId });
      const questions = body(form).filter((e) => e.id?.startsWith('a.'));
      expect(questions.map((q) => q.id)).toEqual([`a.${fromTeams!.id}`, `a.${fromSlack!.id}`]);
      expect(questions[0]!.label).toContain('Does this agreement help us?');
      expect(questions[0]!.choices!.map((c) => c.title)).toEqual(['No', 'A little', 'Yes', "Don't know"]);
      const inputs: Record<string, string> = {};
      for (const e of body(form)) if (e.type.startsWith('Input.') && e.id) inputs[e.id] = typeof e.value === 'string' ? e.value : '';
      const submit = actions(form).at(-1)!;
      const confirmation = await invokeCard(person(n), submit.verb!, { ...submit.data, ...inputs, [`a.${fromTeams!.id}`]: 'yes', [`a.${fromSlack!.id}`]: 'a-little' });
      expect(text(confirmation)).toContain('about your agreements');
    }
    expect(await bot.handle.deps.linkage.count(roundId)).toBe(5);
  });

  it('shows in every channel, in its language, how each was rated — only from k', async () => {
    await bot.command(OOST.id, 'C0OOST', coordinator, 'close');
    const isResult = (c: RecordedCall): boolean => text(c.args).includes('Uitkomst reflectiemoment');
    await bot.until(() => posts().some(isResult), 'the results in Slack');
    const english = text(await bot.connector.waitFor(() => teamsCards().find((c) => text(c).includes('Check-in results'))));
    const dutch = text(posts().find(isResult)!.args);
    // Made in Slack: five ratings (three yes, two a little). Made in Teams: two, below k = 3.
    expect(dutch).toContain('Helpen jullie afspraken?');
    expect(dutch).toContain(`${IN_SLACK}”: ja 3 · een beetje 2 · nee 0 · weet ik niet 0 (5)`);
    expect(dutch).toContain(`${IN_TEAMS}”: te weinig beoordelingen om te tonen`);
    expect(english).toContain('Do your agreements help?');
    expect(english).toContain(`${IN_SLACK}”: yes 3 · a little 2 · no 0 · don't know 0 (5)`);
    expect(english).toContain(`${IN_TEAMS}”: too few ratings to show`);
    expect(english).not.toContain('yes 2');
  });

  it('lets a coordinator in Teams close the agreement made in Slack, and Slack lists it as done', async () => {
    await bot.teams(mentionMessage(teams, teamsCoordinator, 'agreements'));
    const list = teamsCards().at(-1)!;
    expect(text(list)).toContain('Open agreements (2)');
    const network = await bot.handle.useCases.networkFor({ platform: 'slack', workspace: OOST.id, channel: 'C0OOST' });
    const fromSlack = (await bot.handle.deps.store.agreements.forNetwork(network!.id)).find((a) => a.text === IN_SLACK)!;
    const done = actions(list).find((a) => a.verb === 'agreement_done' && a.data?.value === fromSlack.id)!;
    expect(done.title).toBe('Done');
    expect(text(await invokeCard(teamsCoordinator, done.verb!, done.data!))).toContain('Marked as done');
    expect((await bot.handle.deps.store.agreements.get(fromSlack.id))?.status).toBe('done');
    const slackList = await reply('afspraken', 'Lopende afspraken (1)');
    expect(slackList).toContain('Onlangs afgerond');
    expect(slackList).toMatch(/We bellen voordat we mailen” — gedaan op/);
  });
});
