/**
 * One network across channels and organisations, through the real use cases on a real
 * archive: the join code on the setup confirmation (for the coordinator only), joining
 * from another workspace or tenant, wrong, rotated and other networks' codes, the brake
 * on guessing, leaving, a round in every channel with one count, results in each
 * channel's language, the channel as a group, and who may act on a round from where.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PERSON_LIMIT, WORKSPACE_LIMIT } from '../../src/app/join-codes.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { ChatMessage } from '../../src/core/message.ts';
import type { ChannelBinding, UserRef } from '../../src/core/network.ts';
import { createTestApp, setupValues, type TestApp } from '../helpers/app.ts';
import { messageText } from '../helpers/fake-chat.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const CODE = /\*([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\*/;
const codeIn = (message: ChatMessage): string => {
  const found = CODE.exec(messageText(message))?.[1];
  if (!found) throw new Error('no join code in the message');
  return found;
};

/** A Teams channel of another organisation, and one of its people. */
const teamsChannel: Omit<ChannelBinding, 'networkId'> = { platform: 'teams', workspace: 'tenant-jeugdzorg', channel: '19:jeugdzorg@thread.tacv2', serviceUrl: 'https://smba.example/emea/' };
const teamsPerson = (n: number): UserRef => ({ platform: 'teams', workspace: 'tenant-jeugdzorg', user: `aad-jz-${n}` });
/** A channel in a second Slack workspace. */
const slackB: Omit<ChannelBinding, 'networkId'> = { platform: 'slack', workspace: 'T0GEMEENTE', channel: 'C0ZUID', serviceUrl: '' };
const slackBPerson = (n: number): UserRef => ({ platform: 'slack', workspace: 'T0GEMEENTE', user: `U0GEM${n}` });

async function setUp(values = {}): Promise<{ code: string; confirmation: ChatMessage; channelConfirmation: ChatMessage }> {
  const form = await app.useCases.setupForm(app.channel, app.coordinator);
  const outcome = await app.useCases.submitSetup(app.channel, app.coordinator, setupValues({ k: 3, ...values }), form.context);
  return { code: codeIn(outcome.confirmation), confirmation: outcome.confirmation, channelConfirmation: outcome.channelConfirmation };
}

const refusal = async (work: Promise<unknown>): Promise<string> => {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'accepted';
};

describe('the join code', () => {
  it('is on the coordinator\'s setup confirmation only, as letters and digits, and never stored as it is', async () => {
    app = createTestApp();
    const { code, confirmation, channelConfirmation } = await setUp();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/);
    expect(messageText(confirmation)).toContain('Koppelcode');
    // The version others may see (the Teams channel's card) has no code and no button.
    expect(messageText(channelConfirmation)).not.toContain(code);
    expect(messageText(channelConfirmation)).not.toContain('Koppelcode');
    const bytes = readFileSync(app.db.path).toString('latin1') + readFileSync(`${app.db.path}-wal`).toString('latin1');
    expect(bytes).not.toContain(code.replace(/-/g, ''));
    expect(bytes).not.toContain(code);
  });

  it('lets a Teams channel of another tenant join: bound with its label, the joiner a coordinator there, no code in the reply', async () => {
    app = createTestApp();
    const { code } = await setUp();
    const reply = await app.useCases.join(teamsChannel, teamsPerson(1), code.toLowerCase(), '  Jeugdzorg   West ');
    const network = await app.useCases.networkFor(app.channel);
    expect((await app.useCases.networkFor(teamsChannel))?.id).toBe(network?.id);
    expect(messageText(reply)).toContain('Jeugdzorg West');
    expect(messageText(reply)).not.toContain(code);
    expect(await app.store.coordinators.includes(network!.id, teamsPerson(1))).toBe(true);
    // A coordinator on that platform and tenant only.
    expect(await app.store.coordinators.includes(network!.id, { ...teamsPerson(1), workspace: 'tenant-other' })).toBe(false);
    const bindings = await app.store.bindings.forNetwork(network!.id);
    expect(bindings.map((b) => b.label)).toEqual(['Kanaal 1', 'Jeugdzorg West']);
    // Without a name a channel gets the next number.
    await app.useCases.join(slackB, slackBPerson(1), code);
    expect((await app.store.bindings.find(slackB))?.label).toBe('Kanaal 3');
  });

  it('refuses a wrong, a rotated and a malformed code alike, and another network\'s code joins that network', async () => {
    app = createTestApp();
    const { code: first } = await setUp();
    const newCode = codeIn(await app.useCases.rotateJoinCode(app.channel, app.coordinator));
    expect(newCode).not.toBe(first);
    const messages: string[] = [];
    for (const typed of [first, 'ZZZZ-ZZZZ-ZZZZ', 'hallo', '']) {
      const error = await app.useCases.join(teamsChannel, teamsPerson(1), typed).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      messages.push(app.useCases.errorMessage(error, 'nl').text);
    }
    // One polite refusal, whatever was wrong: nothing tells a rotated code from a made-up one.
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toContain('koppelcode werkt niet');
    expect(await app.useCases.networkFor(teamsChannel)).toBeUndefined();

    // A second network in another Slack workspace: its code binds to it, not to the first.
    const otherChannel = { ...slackB, channel: 'C0ANDER' };
    const otherCoordinator = slackBPerson(9);
    const form = await app.useCases.setupForm(otherChannel, otherCoordinator);
    const other = await app.useCases.submitSetup(otherChannel, otherCoordinator, setupValues({ name: 'Ander netwerk' }), form.context);
    await app.useCases.join(teamsChannel, teamsPerson(1), codeIn(other.confirmation));
    expect((await app.useCases.networkFor(teamsChannel))?.settings.name).toBe('Ander netwerk');
    // Now bound: even the first network's valid code is refused, before it is looked at.
    expect(await refusal(app.useCases.join(teamsChannel, teamsPerson(2), newCode))).toBe('channel_already_bound');
    expect((await app.useCases.networkFor(teamsChannel))?.settings.name).toBe('Ander netwerk');
  });

  it('slows down guessing per person and per workspace, even for the right code, and keeps no platform id for it', async () => {
    app = createTestApp();
    const { code } = await setUp();
    const guesser = teamsPerson(1);
    for (let i = 0; i < PERSON_LIMIT; i += 1) expect(await refusal(app.useCases.join(teamsChannel, guesser, `AAAA-AAAA-AAA${i}`))).toBe('join_code_invalid');
    expect(await refusal(app.useCases.join(teamsChannel, guesser, code))).toBe('join_rate_limited');
    expect(app.useCases.errorMessage(new DomainError('join_rate_limited'), 'nl').text).toContain('over een uur');
    // Others of the tenant may still try, until the tenant as a whole has guessed too often.
    const others = Math.ceil(WORKSPACE_LIMIT / PERSON_LIMIT) - 1;
    expect(others).toBeGreaterThan(0);
    for (let n = 2; n < 2 + others; n += 1) {
      for (let i = 0; i < PERSON_LIMIT; i += 1) expect(await refusal(app.useCases.join(teamsChannel, teamsPerson(n), 'BBBB-BBBB-BBBB'))).toBe('join_code_invalid');
    }
    expect(await refusal(app.useCases.join(teamsChannel, teamsPerson(99), code))).toBe('join_rate_limited');
    // What was counted names nobody: no user or tenant id anywhere in the archive.
    const archive = readFileSync(app.db.path).toString('latin1') + readFileSync(`${app.db.path}-wal`).toString('latin1');
    for (const id of ['aad-jz-1', 'aad-jz-2', 'tenant-jeugdzorg']) expect(archive).not.toContain(id);
    // Another workspace is not held back by this one.
    expect(await refusal(app.useCases.join(slackB, slackBPerson(1), code))).toBe('accepted');
    // Two hours later the brake is off again.
    app.clock.advance(2 * 3_600_000);
    expect(await refusal(app.useCases.join(teamsChannel, guesser, code))).toBe('accepted');
  });

  it('lets a coordinator leave a channel, never the network\'s last one; the channel then gets nothing more', async () => {
    app = createTestApp();
    const { code } = await setUp();
    await app.useCases.join(teamsChannel, teamsPerson(1), code);
    const network = (await app.useCases.networkFor(app.channel))!;
    expect(await refusal(app.useCases.leave(teamsChannel, teamsPerson(2)))).toBe('not_a_coordinator');
    const left = await app.useCases.leave(teamsChannel, teamsPerson(1));
    expect(messageText(left)).toContain('doet niet meer mee');
    expect(await app.useCases.networkFor(teamsChannel)).toBeUndefined();
    // Its coordinators coordinate nothing any more.
    expect(await app.store.coordinators.includes(network.id, teamsPerson(1))).toBe(false);
    expect(await refusal(app.useCases.leave(app.channel, app.coordinator))).toBe('last_channel');
    await app.useCases.openRoundNow(app.channel, app.coordinator);
    expect(app.teams.posts).toHaveLength(0);
    expect(app.slack.posts).toHaveLength(1);
  });
});

describe('one round in every channel', () => {
  async function threeChannels(values = {}): Promise<{ roundId: string }> {
    const { code } = await setUp(values);
    await app.useCases.join(teamsChannel, teamsPerson(1), code, 'Jeugdzorg');
    await app.useCases.join(slackB, slackBPerson(1), code, 'Gemeente');
    await app.useCases.channels(teamsChannel, teamsPerson(1), { language: 'en' });
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    return { roundId: round.id };
  }

  it('opens everywhere at once, counts answers from every channel together and shows the network total in each', async () => {
    app = createTestApp();
    const { roundId } = await threeChannels();
    expect(app.slack.posts.map((p) => p.channel.channel).sort()).toEqual(['C0NETWORK', 'C0ZUID']);
    expect(app.teams.posts.map((p) => p.channel.channel)).toEqual([teamsChannel.channel]);
    // The Teams channel reads English.
    expect(messageText(app.teams.posts[0]!.message)).toContain('What is the temperature of our collaboration?');
    expect(messageText(app.slack.posts[0]!.message)).toContain('Wat is de temperatuur');

    for (const voter of app.voters(2)) await app.useCases.answerLevel(roundId, voter, 1, app.channel);
    await app.useCases.answerLevel(roundId, slackBPerson(2), 2, slackB);
    await app.useCases.answerLevel(roundId, teamsPerson(2), 3, teamsChannel);
    // The same person again, from another channel: still one answer.
    const again = await app.useCases.answerLevel(roundId, teamsPerson(2), 4, teamsChannel);
    expect(again.created).toBe(false);
    expect(again.count).toBe(4);
    await app.settle();
    for (const post of [...app.slack.posts, ...app.teams.posts]) expect(messageText(post.current)).toMatch(/4 (reacties|responses)/);
    // The answer remembers its channel's key, nothing of the person.
    const teamsKey = (await app.store.bindings.find(teamsChannel))?.key;
    expect((await app.answerOf(roundId, teamsPerson(2)))?.channel).toBe(teamsKey);
  });

  it('posts one combined result to every channel, in its language, with channels below k left out as groups', async () => {
    app = createTestApp();
    const { roundId } = await threeChannels();
    for (const voter of app.voters(3)) await app.useCases.answerLevel(roundId, voter, 1, app.channel);
    for (const n of [2, 3, 4]) await app.useCases.answerLevel(roundId, slackBPerson(n), 2, slackB);
    for (const n of [2, 3]) await app.useCases.answerLevel(roundId, teamsPerson(n), 4, teamsChannel);
    // One channel refuses the results: the others still get theirs.
    app.teams.failNextPosts(1, 'unavailable');
    await app.useCases.closeRoundNow(app.channel, app.coordinator);
    const results = (posts: typeof app.slack.posts) => posts.filter((p) => /Uitkomst|results/.test(p.message.text));
    expect(results(app.slack.posts)).toHaveLength(2);
    expect(results(app.teams.posts)).toHaveLength(0);
    const dutch = messageText(results(app.slack.posts)[0]!.message);
    expect(dutch).toContain('8 reacties');
    // Jeugdzorg (2) is below k = 3; then one more is hidden, so what is hidden together is 3 or more.
    expect(dutch).toContain('Per kanaal');
    // One of the two channels of 3 shows, named as its coordinators named it (typed text: inert).
    expect(dutch).toMatch(/• \uE000(Kanaal 1|Gemeente)\uE001: 3/);
    expect(dutch).not.toContain('Jeugdzorg');
    expect(dutch).toContain('2 groepen zijn te klein om apart te tonen');
    // The next attempt delivers the failed one, in English.
    expect(await app.useCases.resumePending()).toBeGreaterThan(0);
    const english = messageText(results(app.teams.posts)[0]!.message);
    expect(english).toContain('Check-in results');
    expect(english).toContain('8 responses');
    expect(english).not.toContain('Jeugdzorg');
  });

  it('lets people of another organisation act on a round from a bound channel, and nobody from elsewhere', async () => {
    app = createTestApp();
    const { roundId } = await threeChannels();
    // Slack Connect: a guest of another workspace in the host's channel.
    const guest: UserRef = { platform: 'slack', workspace: 'T0GASTEN', user: 'U0GAST' };
    const receipt = await app.useCases.answerLevel(roundId, guest, 2, app.channel);
    expect(receipt.count).toBe(1);
    expect((await app.answerOf(roundId, guest))?.channel).toBe((await app.store.bindings.find(app.channel))?.key);
    // From a channel of no network, in a workspace without one: the round does not exist for them.
    expect(await refusal(app.useCases.answerLevel(roundId, { ...guest, user: 'U0ANDER' }, 2, { platform: 'slack', workspace: 'T0GASTEN', channel: 'C0ELDERS' }))).toBe('round_not_found');
    expect(await refusal(app.useCases.answerLevel(roundId, guest, 2))).toBe('round_not_found');
    // A member's direct message in their own workspace still reaches it, and counts for that workspace's channel.
    await app.useCases.answerLevel(roundId, slackBPerson(5), 3, { platform: 'slack', workspace: 'T0GEMEENTE', channel: 'D0DM' });
    expect((await app.answerOf(roundId, slackBPerson(5)))?.channel).toBe((await app.store.bindings.find(slackB))?.key);
  });

  it('reminds every channel in its own language, and privately only people of the channel\'s own organisation', async () => {
    app = createTestApp();
    const { roundId } = await threeChannels({ dmReminders: true });
    // A shared channel: one member of the host tenant, one guest of another tenant.
    app.teams.memberList = [teamsPerson(5), { platform: 'teams', workspace: 'tenant-elders', user: 'aad-gast' }];
    const round = (await app.store.rounds.get(roundId))!;
    app.clock.set(round.remindAt ?? new Date(round.closesAt.getTime() - 3_600_000));
    expect(await app.useCases.remindRound(roundId)).toBe(true);
    const reminders = [...app.slack.posts, ...app.teams.posts].filter((p) => !p.message.blocks.some((b) => b.kind === 'heading'));
    expect(reminders.map((p) => p.channel.channel).sort()).toEqual(['19:jeugdzorg@thread.tacv2', 'C0NETWORK', 'C0ZUID']);
    expect(messageText(reminders.find((p) => p.channel.platform === 'teams')!.message)).toMatch(/reminder/i);
    expect(app.teams.directs.map((d) => d.user.user)).toEqual(['aad-jz-5']);
    expect(messageText(app.teams.directs[0]!.message)).toMatch(/reminder/i);
  });
});

describe('which group questions a network asks', () => {
  it('asks for the domain only, the tier only, both or neither; older networks that asked "domain and tier" keep both', async () => {
    app = createTestApp();
    const fields = async (groupQuestions: string): Promise<string[]> => {
      await app.useCases.submitSetup(app.channel, app.coordinator, setupValues({ groupQuestions }), '');
      const network = (await app.useCases.networkFor(app.channel))!;
      const round = (await app.store.rounds.openFor(network.id)) ?? (await app.useCases.openRoundNow(app.channel, app.coordinator));
      return (await app.useCases.answerForm(round.id, app.voters(1)[0]!, app.channel)).fields.map((f) => f.id);
    };
    await setUp({ groupQuestions: 'domain' });
    const network = (await app.useCases.networkFor(app.channel))!;
    expect(network.settings.groupQuestions).toBe('domain');
    expect(await fields('domain')).toEqual(expect.arrayContaining(['domain']));
    expect(await fields('domain')).not.toContain('orgLevel');
    expect(await fields('tier')).toContain('orgLevel');
    expect(await fields('tier')).not.toContain('domain');
    const none = await fields('none');
    expect(none).not.toContain('domain');
    expect(none).not.toContain('orgLevel');
    expect(await fields('both')).toEqual(expect.arrayContaining(['domain', 'orgLevel']));
    // A network stored before the choice existed, with "ask for domain and tier" on.
    await app.store.networks.updateSettings(network.id, { ...network.settings, groupQuestions: undefined, askDomainLevel: true } as unknown as typeof network.settings);
    expect((await app.useCases.networkFor(app.channel))?.settings.groupQuestions).toBe('both');
    expect(await refusal(app.useCases.submitSetup(app.channel, app.coordinator, setupValues({ groupQuestions: 'everything' }), ''))).toBe('invalid_settings');
  });
});
