/**
 * The agreement loop in a Teams channel, end to end: the real server on a SQLite file
 * and the Teams SDK, driven through POST /api/messages with activities shaped as
 * Microsoft documents them, against the fake Bot Connector. A coordinator adopts a
 * suggestion from the results card (the form comes back in the invoke response, for
 * them alone) and types one with "@Thermometer afspraak …"; the next round card shows
 * both and its form asks "Helpt deze afspraak ons?"; the results show a rating only from
 * k; "afspraken" lists them and "Gedaan" closes one. Members are refused at each step,
 * and the export link holds the ratings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamsAdapter } from '../../../src/adapters/teams/index.ts';
import { parseConfig } from '../../../src/config.ts';
import type { Logger } from '../../../src/core/ports.ts';
import { startServer, type ServerHandle } from '../../../src/server.ts';
import { botAddedToTeam, cardAction, mentionMessage, person, postActivity, scene, type Activity, type TeamsPerson, type TeamsScene } from '../../fixtures/teams/activities.ts';
import { startFakeConnector, type CardJson, type FakeConnector } from '../../fixtures/teams/fake-connector.ts';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const ADOPTED = 'Elk overleg begint met wat *ieder* nodig heeft';
const TYPED = 'We bellen <eerst> voordat we mailen';

interface Element {
  type: string;
  id?: string;
  value?: unknown;
  text?: string;
  label?: string;
  choices?: { title: string; value: string }[];
  actions?: { type: string; verb?: string; title?: string; data?: Record<string, unknown> }[];
  [key: string]: unknown;
}
const body = (card: CardJson): Element[] => card.body as Element[];
const actions = (card: CardJson) => body(card).filter((e) => e.type === 'ActionSet').flatMap((e) => e.actions ?? []);
const allText = (card: CardJson): string => JSON.stringify(card);

/** What Teams sends for a form submit: every input's current value, as a string, merged into the data. */
function submitData(card: CardJson, overrides: Record<string, string> = {}): { verb: string; data: Record<string, unknown> } {
  const inputs: Record<string, string> = {};
  for (const e of body(card)) if (e.type.startsWith('Input.') && e.id) inputs[e.id] = typeof e.value === 'string' ? e.value : '';
  const submit = actions(card).at(-1)!;
  return { verb: submit.verb!, data: { ...submit.data, ...inputs, ...overrides } };
}

describe('agreements in Teams', () => {
  let connector: FakeConnector;
  let handle: ServerHandle;
  let dir: string;
  let s: TeamsScene;
  const coordinator = person(100, 'Fatima Yilmaz');
  const members = [1, 2, 3, 4, 5].map((n) => person(n));
  const outsider = person(9);

  beforeAll(async () => {
    connector = await startFakeConnector({ region: 'emea' });
    s = scene({ serviceUrl: connector.serviceUrl });
    dir = mkdtempSync(join(tmpdir(), 'teams-agreements-'));
    handle = await startServer(parseConfig({ DATABASE_PATH: join(dir, 'thermometer.db'), PORT: '0', LOG_LEVEL: 'error' }), { log: quiet, scheduler: false });
  });
  afterAll(async () => {
    await handle?.close();
    await connector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const adapter = (): TeamsAdapter => handle.deps.chat.get('teams') as TeamsAdapter;
  async function send(activity: Activity): Promise<{ status: number; body: unknown }> {
    const result = await postActivity(handle.url, activity);
    await adapter().idle();
    return result;
  }
  /** An invoke: a card for the clicker, or a short message (a refusal). */
  async function invoke(who: TeamsPerson, verb: string, data: Record<string, unknown>, overrides: Activity = {}): Promise<{ card?: CardJson; message?: string }> {
    const result = await send(cardAction(s, who, verb, data, overrides));
    expect(result.status).toBe(200);
    const response = result.body as { type: string; value: unknown };
    return response.type === 'application/vnd.microsoft.card.adaptive' ? { card: response.value as CardJson } : { message: String(response.value) };
  }
  async function card(who: TeamsPerson, verb: string, data: Record<string, unknown>, overrides: Activity = {}): Promise<CardJson> {
    const { card: c, message } = await invoke(who, verb, data, overrides);
    if (!c) throw new Error(`expected a card, got: ${message}`);
    return c;
  }
  const channelCards = (): CardJson[] => connector.cards(s.channelId);
  const roundCards = () => channelCards().filter((c) => allText(c).includes('"verb":"answer"'));
  const resultCards = () => channelCards().filter((c) => allText(c).includes('Uitkomst'));

  async function answerAll(roundCard: CardJson, levels: number[]): Promise<string> {
    const roundId = String(actions(roundCard)[0]!.data!.value).split(':')[0]!;
    for (const [i, level] of levels.entries()) await card(members[i]!, 'answer', { value: `${roundId}:${level}` });
    return roundId;
  }

  it('runs the loop: adopt from the results card, the next round asks, the rating shows from k, done', async () => {
    await send(botAddedToTeam(s, coordinator));
    await send(mentionMessage(s, coordinator, 'setup'));
    const offer = connector.posts.at(-1)!;
    const open = actions(channelCards().at(-1)!)[0]!;
    const setup = await card(coordinator, open.verb!, open.data!, { replyToId: offer.activityId });
    const submit = submitData(setup, { name: 'Kansrijk Opgroeien', k: '3' });
    await card(coordinator, submit.verb, submit.data, { replyToId: offer.activityId });

    // A first round of five, closed early (k + 2), and its results card.
    await send(mentionMessage(s, coordinator, 'now'));
    await answerAll(roundCards().at(-1)!, [3, 3, 2, 2, 3]);
    await send(mentionMessage(s, coordinator, 'close'));
    const results1 = await connector.waitFor(() => resultCards()[0]);
    const adopt = actions(results1).find((a) => a.verb === 'adopt_suggestion')!;
    expect(adopt.title).toBe('Maak er een afspraak van');

    // A member gets a polite no; the coordinator gets the form, for them alone.
    const refused = await invoke(members[0]!, 'adopt_suggestion', adopt.data!);
    expect(refused.message).toContain('alleen coördinatoren');
    const form = await card(coordinator, 'adopt_suggestion', adopt.data!);
    const text = body(form).find((e) => e.id === 'text')!;
    expect(text).toMatchObject({ type: 'Input.Text', maxLength: 280 });
    expect(String(text.value).length).toBeGreaterThan(5);
    const save = submitData(form, { text: ADOPTED, owner: 'Fatima' });
    expect(allText(await card(coordinator, save.verb, save.data))).toContain('Afspraak vastgelegd');
    // Saved twice: one agreement.
    expect(allText(await card(coordinator, save.verb, save.data))).toContain('al een afspraak');

    // A typed one: Teams sends typed angle brackets as entities; they come back as typed.
    await send(mentionMessage(s, coordinator, 'afspraak We bellen &lt;eerst&gt; voordat we mailen | Jan'));
    expect(allText(channelCards().at(-1)!)).toContain('Afspraak vastgelegd');
    await send(mentionMessage(s, outsider, 'afspraak Ik ook'));
    expect(allText(channelCards().at(-1)!)).toContain('alleen coördinatoren');
    const channel = { platform: 'teams' as const, workspace: s.tenantId, channel: s.channelId };
    const network = (await handle.useCases.networkFor(channel))!;
    const stored = await handle.deps.store.agreements.forNetwork(network.id);
    expect(stored.map((a) => [a.text, a.owner])).toEqual([[TYPED, 'Jan'], [ADOPTED, 'Fatima']]);

    // The next round card shows both, still with the four levels first, and its form asks about each.
    await send(mentionMessage(s, coordinator, 'now'));
    const round2 = roundCards().at(-1)!;
    expect(actions(round2).slice(0, 4).map((a) => a.verb)).toEqual(['answer', 'answer', 'answer', 'answer']);
    expect(allText(round2)).toContain('Jullie afspraken');
    // Typed markup is escaped for Adaptive Card Markdown: shown as typed, never formatted.
    expect(allText(round2)).toContain('\\\\*ieder\\\\*');
    expect(allText(round2)).toContain('We bellen \\\\<eerst> voordat we mailen');
    const roundId = await answerAll(round2, [2, 2, 3]);
    const [typed, adopted] = stored;
    const rate = async (who: TeamsPerson, ratings: Record<string, string>) => {
      const answerForm = await card(who, 'more_questions', { value: roundId });
      const questions = body(answerForm).filter((e) => e.id?.startsWith('a.'));
      expect(questions.map((q) => q.id)).toEqual([`a.${typed!.id}`, `a.${adopted!.id}`]);
      expect(questions[0]!.label).toContain('Helpt deze afspraak ons?');
      expect(questions[0]!.choices!.map((c) => c.title)).toEqual(['Nee', 'Een beetje', 'Ja', 'Weet ik niet']);
      const sent = submitData(answerForm, ratings);
      expect(allText(await card(who, sent.verb, sent.data))).toContain('over jullie afspraken');
    };
    await rate(members[0]!, { [`a.${typed!.id}`]: 'yes', [`a.${adopted!.id}`]: 'no' });
    await rate(members[1]!, { [`a.${typed!.id}`]: 'yes' });
    await rate(members[2]!, { [`a.${typed!.id}`]: 'a-little', [`a.${adopted!.id}`]: 'yes' });
    for (const member of members.slice(3)) await card(member, 'answer', { value: `${roundId}:1` });
    await send(mentionMessage(s, coordinator, 'close'));
    const results2 = allText(await connector.waitFor(() => resultCards()[1]));
    expect(results2).toContain('Helpen jullie afspraken?');
    expect(results2).toContain('ja 2 · een beetje 1 · nee 0 · weet ik niet 0 (3)');
    expect(results2).toContain('te weinig beoordelingen om te tonen');
    expect(results2).not.toContain('nee 1');

    // The list: "Gedaan" refused for a member, done for the coordinator.
    await send(mentionMessage(s, coordinator, 'afspraken'));
    const list = channelCards().at(-1)!;
    expect(allText(list)).toContain('Lopende afspraken (2)');
    const done = actions(list).find((a) => a.verb === 'agreement_done' && a.data?.value === typed!.id)!;
    expect((await invoke(outsider, done.verb!, done.data!)).message).toContain('alleen coördinatoren');
    expect((await handle.deps.store.agreements.get(typed!.id))?.status).toBe('open');
    expect(allText(await card(coordinator, done.verb!, done.data!))).toContain('Afgerond als gedaan');
    expect((await handle.deps.store.agreements.get(typed!.id))?.status).toBe('done');
    expect((await invoke(coordinator, done.verb!, done.data!)).message).toContain('al afgerond');

    // The export, delivered privately as a link, holds the agreements and their ratings.
    await send(mentionMessage(s, coordinator, 'export'));
    const link = await connector.waitFor(() => /\/downloads\/[A-Za-z0-9_-]+/.exec(JSON.stringify(connector.posts.filter((p) => !p.conversationId.startsWith(s.channelId))))?.[0]);
    const csv = await (await fetch(`${handle.url}${link}`)).text();
    expect(csv).toContain(`agreement:${TYPED}:yes`);
    expect(csv.trim().split('\r\n').at(-1)).toMatch(/,2,1,0,0,/);
  });
});
