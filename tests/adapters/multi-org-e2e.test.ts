/**
 * One network of organisations on two platforms, end to end through the real server:
 * a network set up in a channel of one Slack workspace, joined with its join code from a
 * second Slack workspace (both installed through /slack/install → /slack/oauth_redirect)
 * and from a Teams channel of another tenant (every activity a signed token from the
 * stand-in for Microsoft's identity services). Members answer in all three — among them
 * a Slack Connect guest of a third organisation in the host's channel — the live count
 * is the network's total everywhere, and one close posts one combined result in all
 * three channels, each in its own language, without a channel below k as a group. Then
 * join codes at the door: a wrong, a rotated and another network's code, and the brake
 * on wrong codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botAddedToTeam, cardAction, mentionMessage, person, scene, type TeamsScene } from '../fixtures/teams/activities.ts';
import type { CardJson } from '../fixtures/teams/fake-connector.ts';
import type { RecordedCall } from '../fixtures/slack/fake-slack-api.ts';
import { OTHER_TENANT, startMultiOrgBot, TEAMS_APP_ID, type MultiOrgBot, type SlackButton } from '../fixtures/multi-org-bot.ts';

const OOST = { id: 'T0OOSTOOST', name: 'Gemeente Oost' };
const KIND = { id: 'T0KINDWIJS', name: 'Stichting Kindwijs' };
const GUESTS = 'T0GASTGAST';
const CODE = /\*([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\*/;

const text = (value: unknown): string => JSON.stringify(value);

describe('one network across two Slack workspaces and a Teams tenant', () => {
  let bot: MultiOrgBot;
  let teams: TeamsScene;
  let code = '';
  let roundId = '';
  const coordinator = 'U0COORD';
  const jeugdzorg = person(300, 'Yara de Jong');

  beforeAll(async () => {
    bot = await startMultiOrgBot({ SECRETS_KEY: 'a-secret-of-at-least-thirty-two-characters-long' });
    teams = scene({ serviceUrl: bot.connector.serviceUrl, tenantId: OTHER_TENANT, botId: `28:${TEAMS_APP_ID}`, channelId: '19:jeugdzorg0west@thread.tacv2', teamId: '19:jeugdzorg0west@thread.tacv2' });
  });
  afterAll(() => bot?.close());

  const posts = (channel: string): RecordedCall[] => bot.slack.called('chat.postMessage').filter((c) => c.args.channel === channel);
  const teamsCards = (): CardJson[] => bot.connector.cards(teams.channelId);
  const tokenOf = (team: string): string => bot.slack.installs.find((i) => i.team.id === team)!.botToken;

  it('is set up in Slack and joined from a second workspace and from Teams with the join code', async () => {
    expect((await bot.install(OOST)).response.status).toBe(200);
    expect((await bot.install(KIND)).response.status).toBe(200);

    await bot.command(OOST.id, 'C0OOST', coordinator, 'setup');
    await bot.until(() => bot.slack.called('views.open').length > 0, 'the setup modal');
    expect(await bot.submitModal(bot.slack.called('views.open').at(-1)!, coordinator, { name: 'Samen Sterk Oost', k: '3' }, { team: OOST.id })).toBe(200);
    await bot.until(() => bot.slack.called('chat.postEphemeral').length > 0, 'the setup confirmation');
    const confirmation = bot.slack.called('chat.postEphemeral').at(-1)!;
    // Privately, to the coordinator, in their workspace, with the workspace's own token.
    expect(confirmation.args.user).toBe(coordinator);
    expect(confirmation.token).toBe(tokenOf(OOST.id));
    code = CODE.exec(text(confirmation.args.blocks))?.[1] ?? '';
    expect(code).not.toBe('');

    const joined = await bot.command(KIND.id, 'C0KIND', 'U0KIND1', `join ${code.toLowerCase()} Kindwijs`);
    await bot.until(() => bot.repliesTo(joined.responseId).length > 0, 'the join reply in Slack');
    expect(bot.repliesTo(joined.responseId)[0]).toContain('doet nu mee met het netwerk');

    expect((await bot.teams(botAddedToTeam(teams, jeugdzorg))).status).toBe(200);
    expect((await bot.teams(mentionMessage(teams, jeugdzorg, `join ${code} Jeugdzorg`))).status).toBe(200);
    const reply = text(teamsCards().at(-1));
    expect(reply).toContain('doet nu mee met het netwerk');
    expect(reply).not.toContain(code);
    // This channel reads English from now on.
    expect((await bot.teams(mentionMessage(teams, jeugdzorg, 'channel language en'))).status).toBe(200);

    const network = await bot.handle.useCases.networkFor({ platform: 'slack', workspace: OOST.id, channel: 'C0OOST' });
    const bindings = await bot.handle.deps.store.bindings.forNetwork(network!.id);
    expect(bindings.map((b) => [b.platform, b.workspace, b.label, b.language ?? 'nl'])).toEqual([
      ['slack', KIND.id, 'Kindwijs', 'nl'],
      ['slack', OOST.id, 'Kanaal 1', 'nl'],
      ['teams', OTHER_TENANT, 'Jeugdzorg', 'en'],
    ]);
  });

  it('opens one round in all three channels, each with its own workspace\'s token or the bot\'s Teams token', async () => {
    await bot.command(OOST.id, 'C0OOST', coordinator, 'now');
    await bot.until(() => posts('C0OOST').length > 0 && posts('C0KIND').length > 0, 'the round in both Slack channels');
    await bot.connector.waitFor(() => teamsCards().find((c) => text(c).includes('"verb":"answer"')));
    const oost = posts('C0OOST')[0]!;
    expect(oost.token).toBe(tokenOf(OOST.id));
    expect(posts('C0KIND')[0]!.token).toBe(tokenOf(KIND.id));
    const button = ((oost.args.blocks as { type: string; elements?: SlackButton[] }[]).find((b) => b.type === 'actions')!.elements ?? [])[0]!;
    roundId = button.value.split(':')[0]!;
    expect(text(posts('C0KIND')[0]!.args.blocks)).toContain(roundId);
    expect(text(teamsCards().find((c) => text(c).includes('"verb":"answer"')))).toContain('What is the temperature of our collaboration?');
  });

  it('counts answers from all three channels, a Slack Connect guest in the host\'s channel included, as one total everywhere', async () => {
    const answer = (level: number): SlackButton => ({ action_id: 'answer', value: `${roundId}:${level}` });
    const replies: string[] = [];
    for (const user of ['U0OOST1', 'U0OOST2', 'U0OOST3']) replies.push((await bot.click(OOST.id, 'C0OOST', user, answer(1))).responseId);
    // A guest of a third organisation, in the host's Slack Connect channel: the channel is Oost's, the person their own workspace's.
    replies.push((await bot.click(OOST.id, 'C0OOST', 'U0GAST1', answer(2), GUESTS)).responseId);
    for (const user of ['U0KIND1', 'U0KIND2', 'U0KIND3']) replies.push((await bot.click(KIND.id, 'C0KIND', user, answer(2))).responseId);
    await bot.until(() => replies.every((id) => bot.repliesTo(id).some((r) => r.includes('Anoniem vastgelegd'))), 'every Slack confirmation');
    // The guest adds a comment through the form: a modal opened in the host's channel and
    // submitted from the guest's own workspace (view.app_installed_team_id names the host).
    const modals = bot.slack.called('views.open').length;
    await bot.click(OOST.id, 'C0OOST', 'U0GAST1', { action_id: 'more_questions', value: roundId }, GUESTS);
    await bot.until(() => bot.slack.called('views.open').length > modals, 'the answer form for the guest');
    expect(bot.slack.called('views.open').at(-1)!.token).toBe(tokenOf(OOST.id));
    const ephemerals = bot.slack.called('chat.postEphemeral').length;
    expect(await bot.submitModal(bot.slack.called('views.open').at(-1)!, 'U0GAST1', { comment: 'Fijn overleg over de wijkaanpak' }, { team: GUESTS, appInstalledTeam: OOST.id })).toBe(200);
    await bot.until(() => bot.slack.called('chat.postEphemeral').length > ephemerals, "the guest's confirmation");
    expect(bot.slack.called('chat.postEphemeral').at(-1)!.args).toMatchObject({ channel: 'C0OOST', user: 'U0GAST1' });

    const roundPost = bot.connector.posts.find((p) => text(p.activity).includes('"verb":"answer"'))!;
    for (const n of [301, 302]) {
      const result = await bot.teams(cardAction(teams, person(n), 'answer', { value: `${roundId}:4` }, { replyToId: roundPost.activityId }));
      expect(result.status).toBe(200);
      expect(text(result.body)).toContain('Recorded anonymously');
    }
    expect(await bot.handle.deps.linkage.count(roundId)).toBe(9);
    // The live count is the network's total in every channel.
    await bot.until(() => bot.slack.called('chat.update').some((u) => u.args.channel === 'C0OOST' && text(u.args).includes('9 reacties')), 'the count in Oost');
    await bot.until(() => bot.slack.called('chat.update').some((u) => u.args.channel === 'C0KIND' && text(u.args).includes('9 reacties')), 'the count in Kindwijs');
    await bot.connector.waitFor(() => text(bot.connector.latest(roundPost.activityId)?.activity).includes('9 responses'));
    expect(bot.slack.called('chat.update').filter((u) => u.args.channel === 'C0KIND').every((u) => u.token === tokenOf(KIND.id))).toBe(true);
  });

  it('posts one combined result in all three channels, each in its language, without a channel below k as a group', async () => {
    await bot.command(OOST.id, 'C0OOST', coordinator, 'close');
    const isResult = (c: RecordedCall): boolean => text(c.args).includes('Uitkomst reflectiemoment');
    await bot.until(() => posts('C0OOST').some(isResult) && posts('C0KIND').some(isResult), 'the results in both Slack channels');
    const teamsResult = await bot.connector.waitFor(() => teamsCards().find((c) => text(c).includes('Check-in results')));
    expect(posts('C0OOST').filter(isResult)).toHaveLength(1);
    expect(posts('C0KIND').filter(isResult)).toHaveLength(1);
    expect(teamsCards().filter((c) => text(c).includes('Check-in results'))).toHaveLength(1);
    for (const result of [text(posts('C0OOST').find(isResult)!.args), text(posts('C0KIND').find(isResult)!.args)]) {
      expect(result).toContain('9 reacties');
      expect(result).toContain('Per kanaal');
      // Oost (4) shows; Jeugdzorg (2) is below k = 3, and Kindwijs (3) is hidden with it, so what is hidden together is 5.
      expect(result).toMatch(/Kanaal 1: 4/);
      expect(result).toContain('2 groepen zijn te klein om apart te tonen');
      expect(result).not.toContain('Jeugdzorg');
      expect(result).not.toMatch(/Kindwijs: \d/);
      expect(result).toContain('Fijn overleg over de wijkaanpak');
    }
    const english = text(teamsResult);
    expect(english).toContain('9 responses');
    expect(english).toContain('By channel');
    expect(english).not.toContain('Jeugdzorg');
    // Every Slack call for a channel went with that channel's workspace's token.
    for (const call of bot.slack.calls.filter((c) => c.args.channel === 'C0KIND')) expect(call.token).toBe(tokenOf(KIND.id));
    for (const call of bot.slack.calls.filter((c) => c.args.channel === 'C0OOST')) expect(call.token).toBe(tokenOf(OOST.id));
  });

  it('refuses a wrong and a rotated code alike, binds another network\'s code to that network, and brakes on guessing', async () => {
    const joinIn = async (team: string, channel: string, user: string, typed: string): Promise<string> => {
      const { responseId } = await bot.command(team, channel, user, `join ${typed}`);
      await bot.until(() => bot.repliesTo(responseId).length > 0, `the reply to join ${typed}`);
      return bot.repliesTo(responseId).join('\n');
    };
    // A coordinator makes a new code; the old one stops working and is refused like a made-up one.
    const renewed = await bot.command(OOST.id, 'C0OOST', coordinator, 'code');
    await bot.until(() => bot.repliesTo(renewed.responseId).length > 0, 'the new code');
    const fresh = CODE.exec(bot.repliesTo(renewed.responseId)[0]!)?.[1] ?? '';
    expect(fresh).not.toBe('');
    expect(fresh).not.toBe(code);
    const rotated = await joinIn(KIND.id, 'C0ANDERS', 'U0KIND2', code);
    const madeUp = await joinIn(KIND.id, 'C0ANDERS', 'U0KIND2', 'QQQQ-QQQQ-QQQQ');
    expect(rotated).toContain('koppelcode werkt niet');
    expect(madeUp.replace(/"response_url":"[^"]*"/, '')).toBe(rotated.replace(/"response_url":"[^"]*"/, ''));

    // A second network, set up in Kindwijs's workspace: its code binds a channel to it, not to Samen Sterk Oost.
    const modals = bot.slack.called('views.open').length;
    await bot.command(KIND.id, 'C0TWEEDE', 'U0KIND9', 'setup');
    await bot.until(() => bot.slack.called('views.open').length > modals, 'the second setup modal');
    await bot.submitModal(bot.slack.called('views.open').at(-1)!, 'U0KIND9', { name: 'Tweede netwerk' }, { team: KIND.id });
    await bot.until(() => bot.slack.called('chat.postEphemeral').some((c) => text(c.args).includes('Tweede netwerk')), 'the second confirmation');
    const second = CODE.exec(text(bot.slack.called('chat.postEphemeral').filter((c) => text(c.args).includes('Tweede netwerk')).at(-1)!.args.blocks))?.[1] ?? '';
    expect(await joinIn(OOST.id, 'C0OOSTTWEE', 'U0OOST2', second)).toContain('Tweede netwerk');
    expect((await bot.handle.useCases.networkFor({ platform: 'slack', workspace: OOST.id, channel: 'C0OOSTTWEE' }))?.settings.name).toBe('Tweede netwerk');

    // The brake: after five wrong codes, even the right one is refused for this person.
    for (let i = 0; i < 3; i += 1) expect(await joinIn(KIND.id, 'C0ANDERS', 'U0KIND2', `RRRR-RRRR-RRR${i}`)).toContain('koppelcode werkt niet');
    expect(await joinIn(KIND.id, 'C0ANDERS', 'U0KIND2', fresh)).toContain('Er zijn te veel verkeerde koppelcodes geprobeerd');
    expect(await bot.handle.useCases.networkFor({ platform: 'slack', workspace: KIND.id, channel: 'C0ANDERS' })).toBeUndefined();
    // Someone else in that workspace is not held back yet.
    expect(await joinIn(KIND.id, 'C0ANDERS', 'U0KIND3', fresh)).toContain('Samen Sterk Oost');
  });
});
