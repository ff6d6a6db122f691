/**
 * The agreement loop in a Slack channel, end to end through POST /slack/events with
 * signed requests and the fake Web API: results → a coordinator adopts a suggestion in a
 * modal, and types one with /thermometer afspraak → the next round shows them and its
 * form asks "Helpt deze afspraak ons?" → the results show a rating only from k →
 * /thermometer afspraken → Gedaan. Someone who is not a coordinator is refused at each
 * step, the export holds the ratings, and typed markup stays inert everywhere.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../fixtures/slack/fake-slack-api.ts';
import { startSlackBot, type SlackBot } from '../../fixtures/slack/slack-bot.ts';

const COORD = 'U0COORD';
const ADOPTED = 'Elk overleg begint met wat <!channel> *echt* nodig heeft';
const TYPED = 'We bellen voordat we mailen';

let bot: SlackBot;
beforeEach(async () => {
  bot = await startSlackBot();
});
afterEach(async () => {
  await bot.close();
});

const json = (value: unknown): string => JSON.stringify(value);
interface Block {
  type: string;
  block_id?: string;
  label?: { text: string };
  element?: { type: string; initial_value?: string; options?: { value: string; text: { text: string } }[] };
}
/** Every text Slack reads as mrkdwn in a payload: mrkdwn objects and fallback `text` fields. */
function mrkdwnTexts(payload: unknown, key = ''): string[] {
  if (Array.isArray(payload)) return payload.flatMap((v) => mrkdwnTexts(v, key));
  if (typeof payload !== 'object' || payload === null) return key === 'text' && typeof payload === 'string' ? [payload] : [];
  const o = payload as Record<string, unknown>;
  if (o.type === 'plain_text') return [];
  if (o.type === 'mrkdwn' && typeof o.text === 'string') return [o.text];
  return Object.entries(o).flatMap(([k, v]) => mrkdwnTexts(v, k));
}
const modalBlocks = (call: RecordedCall): Block[] => (call.args.view as { blocks: Block[] }).blocks;

async function waitForCalls(method: string, count: number, what: string): Promise<RecordedCall> {
  await bot.until(() => bot.api.called(method).length >= count, what);
  return bot.api.called(method)[count - 1]!;
}

/** The first private reply after the `from`-th that contains `text` (replies may arrive in any order). */
async function replyWith(from: number, text: string): Promise<Record<string, unknown>> {
  const find = () => bot.api.responses.slice(from).find((r) => json(r.body).includes(text));
  await bot.until(() => find() !== undefined, `a reply with "${text}"`);
  return find()!.body;
}

async function postCount(n: number, what: string): Promise<RecordedCall> {
  return waitForCalls('chat.postMessage', n, what);
}

describe('agreements in Slack', () => {
  it('runs the loop: adopt from the results, the next round asks, the rating shows from k, done', async () => {
    // Setup with k = 3, a first round of five, closed early (k + 2).
    await bot.command(COORD, 'setup');
    await waitForCalls('views.open', 1, 'the setup modal');
    await bot.submitModal(COORD, { name: 'Netwerk Oost', k: 3 });
    await waitForCalls('chat.postEphemeral', 1, 'the setup confirmation');
    await bot.command(COORD, 'now');
    const round1 = await postCount(1, 'the first round');
    const levels1 = bot.buttonsOf(round1).slice(0, 4);
    for (const [i, user] of ['U1', 'U2', 'U3', 'U4', 'U5'].entries()) await bot.click(user, levels1[i % 2 === 0 ? 2 : 1]!);
    await bot.until(() => bot.api.responses.length >= 5, 'five confirmations');
    await bot.command(COORD, 'close');
    const results1 = await postCount(2, 'the first results');
    await replyWith(0, 'De ronde is gesloten');
    const adopt = bot.buttonsOf(results1).find((b) => b.action_id.startsWith('adopt_suggestion'))!;
    expect(adopt.text.text).toBe('Maak er een afspraak van');

    // Someone who is not a coordinator gets a polite no, and no form.
    let from = bot.api.responses.length;
    await bot.click('U9', adopt);
    await replyWith(from, 'alleen coördinatoren');
    expect(bot.api.called('views.open')).toHaveLength(1);

    // The coordinator gets the form prefilled from the suggestion, edits it and saves.
    await bot.click(COORD, adopt);
    const modal = await waitForCalls('views.open', 2, 'the agreement form');
    expect((modal.args.view as { callback_id: string }).callback_id).toBe('agreement');
    const prefilled = modalBlocks(modal).find((b) => b.block_id === 'text')!.element!.initial_value;
    expect(prefilled?.length).toBeGreaterThan(5);
    await bot.submitModal(COORD, { text: ADOPTED, owner: 'Fatima' }, modal);
    const added = json((await waitForCalls('chat.postEphemeral', 2, 'the confirmation')).args);
    expect(added).toContain('Afspraak vastgelegd');
    // Adopted again: still one agreement.
    await bot.click(COORD, adopt);
    const again = await waitForCalls('views.open', 3, 'the form again');
    await bot.submitModal(COORD, { text: 'Iets anders' }, again);
    expect(json((await waitForCalls('chat.postEphemeral', 3, 'the second confirmation')).args)).toContain('al een afspraak');

    // A typed agreement, and the refusals for empty text and for a member.
    from = bot.api.responses.length;
    await bot.command(COORD, `afspraak ${TYPED} | Jan`);
    expect(json(await replyWith(from, 'Afspraak vastgelegd'))).toContain(TYPED);
    from = bot.api.responses.length;
    await bot.command(COORD, 'afspraak');
    await replyWith(from, 'Schrijf de afspraak erbij');
    from = bot.api.responses.length;
    await bot.command('U9', 'afspraak Ik ook');
    await replyWith(from, 'alleen coördinatoren');

    // The next round shows both and its form asks about each.
    await bot.command(COORD, 'now');
    const round2 = await postCount(3, 'the second round');
    const round2Text = json(round2.args);
    expect(round2Text).toContain('Jullie afspraken');
    expect(round2Text).toContain(TYPED);
    expect(round2Text).toContain('echt');
    // Shown as typed, only where Slack reads text literally: never as mrkdwn, so it cannot ping.
    expect(round2Text).toContain(ADOPTED.replace('*echt*', '').split(' <')[0]);
    expect(mrkdwnTexts(round2.args).filter((t) => t.includes('<!channel>'))).toEqual([]);
    const buttons2 = bot.buttonsOf(round2);
    expect(buttons2.slice(0, 4).map((b) => b.action_id.split('#')[0])).toEqual(['answer', 'answer', 'answer', 'answer']);
    const more = buttons2.find((b) => b.action_id.startsWith('more_questions'))!;
    expect(more.text.text).toContain('afspraken');

    const rate = async (user: string, level: number, ratings: (ids: { typed: string; adopted: string }) => Record<string, string>): Promise<void> => {
      await bot.click(user, buttons2[level - 1]!);
      const modals = bot.api.called('views.open').length;
      await bot.click(user, more);
      const form = await waitForCalls('views.open', modals + 1, 'the answer form');
      const questions = modalBlocks(form).filter((b) => b.block_id?.startsWith('a.'));
      expect(questions.map((q) => q.label!.text.startsWith('Helpt deze afspraak ons?'))).toEqual([true, true]);
      expect(questions[0]!.element!.options!.map((o) => o.text.text)).toEqual(['Nee', 'Een beetje', 'Ja', 'Weet ik niet']);
      const typed = questions.find((q) => q.label!.text.includes(TYPED))!.block_id!;
      const adopted = questions.find((q) => q.label!.text.includes('echt'))!.block_id!;
      await bot.submitModal(user, ratings({ typed, adopted }), form);
    };
    const before = bot.api.called('chat.postEphemeral').length;
    await rate('U1', 2, ({ typed, adopted }) => ({ [typed]: 'yes', [adopted]: 'no' }));
    await rate('U2', 2, ({ typed }) => ({ [typed]: 'yes' }));
    await rate('U3', 3, ({ typed, adopted }) => ({ [typed]: 'a-little', [adopted]: 'yes' }));
    await bot.until(() => bot.api.called('chat.postEphemeral').length >= before + 3, 'three confirmations');
    for (const user of ['U4', 'U5']) await bot.click(user, buttons2[0]!);
    await bot.until(async () => (await bot.server.deps.linkage.count(buttons2[0]!.value.split(':')[0]!)) === 5, 'five answers');

    await bot.command(COORD, 'close');
    const results2 = json((await postCount(4, 'the second results')).args);
    expect(results2).toContain('Helpen jullie afspraken?');
    // Three rated the typed one (k = 3): shown. Two rated the adopted one: not.
    expect(results2).toContain('ja 2 · een beetje 1 · nee 0 · weet ik niet 0 (3)');
    expect(results2).toContain('te weinig beoordelingen om te tonen');
    expect(results2).not.toMatch(/nee 1/);

    // The list, and "Gedaan" — refused for a member, done for the coordinator.
    from = bot.api.responses.length;
    await bot.command(COORD, 'afspraken');
    const list = (await replyWith(from, 'Lopende afspraken (2)')).blocks as { type: string; text?: { text: string }; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
    // Each agreement's entry (its text, then owner and status) is followed by its buttons.
    const typedAt = list.findIndex((b) => b.type === 'section' && (b.text?.text ?? '').includes(TYPED));
    expect(list[typedAt]!.text!.text).toMatch(/trekker: Jan · loopt sinds/);
    const done = list[typedAt + 1]!.elements!.find((e) => e.action_id.startsWith('agreement_done'))!;
    expect(done.text.text).toBe('Gedaan');
    from = bot.api.responses.length;
    await bot.click('U9', done);
    await replyWith(from, 'alleen coördinatoren');
    expect((await bot.server.deps.store.agreements.get(done.value))?.status).toBe('open');
    from = bot.api.responses.length;
    await bot.click(COORD, done);
    expect(json(await replyWith(from, 'Afgerond als gedaan'))).toContain(TYPED);
    expect((await bot.server.deps.store.agreements.get(done.value))?.status).toBe('done');

    // The export holds the agreements and their ratings.
    await bot.command(COORD, 'export');
    await bot.until(() => bot.api.called('files.completeUploadExternal').some((c) => json(c.args).includes('.csv')), 'the CSV upload');
    const upload = [...bot.api.uploads.values()].map((b) => b.toString('utf8')).find((t) => t.includes('round,opened,closed'))!;
    // The file as uploaded (inside the upload's multipart body).
    const csv = upload.slice(upload.indexOf('round,opened,closed')).split(/\r\n-+formdata/)[0]!;
    expect(csv).toContain(`agreement:${TYPED}:yes`);
    expect(csv.trim().split('\r\n').at(-1)).toMatch(/,2,1,0,0,/);

    // No payload the bot sent ever carried the typed ping live: only as plain_text, which
    // Slack never formats, or escaped in mrkdwn.
    const payloads = [...bot.api.calls.map((c) => c.args), ...bot.api.responses.map((r) => r.body)];
    const live = payloads.flatMap((p) => mrkdwnTexts(p)).filter((t) => t.includes('<!channel>'));
    expect(live).toEqual([]);
    expect(payloads.some((p) => json(p).includes('&lt;!channel&gt;'))).toBe(true);
  });
});
