/**
 * Teams end to end through POST /api/messages with the real use cases and a fake Bot
 * Connector: the first setup belongs to the person who asked for it, and typed text (a
 * network name, comments) is inert in every card the bot sends — checked by rendering
 * each card's Markdown with a real CommonMark parser that also autolinks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamsAdapter } from '../../../src/adapters/teams/index.ts';
import { parseConfig } from '../../../src/config.ts';
import type { Logger } from '../../../src/core/ports.ts';
import { startServer, type ServerHandle } from '../../../src/server.ts';
import { botAddedToTeam, cardAction, mentionMessage, person, postActivity, scene, type Activity, type TeamsPerson, type TeamsScene } from '../../fixtures/teams/activities.ts';
import { startFakeConnector, type CardJson, type FakeConnector } from '../../fixtures/teams/fake-connector.ts';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const md = new MarkdownIt({ linkify: true });

const NAME = '[Klik hier](https://evil.example) <!channel> **vet** jan@x.nl';
const COMMENTS = [
  'Kijk [hier](https://boos.example) of <https://boos.example> en {{DATE(2017-02-14T06:08:39Z, SHORT)}}',
  'Mail jan.devries@gemeente.nl of boos.example, (@jan) weet het',
  'Omgekeerd \u202Ekeer\u202C on\u200Bzicht\u2060baar en verder **prima** _overleg_',
];

interface Element {
  type: string;
  id?: string;
  value?: unknown;
  text?: string;
  facts?: { title: string; value: string }[];
  actions?: { type: string; verb?: string; title?: string; data?: Record<string, unknown> }[];
}
const body = (card: CardJson): Element[] => card.body as unknown as Element[];
const actionSets = (card: CardJson): Element[] => body(card).filter((e) => e.type === 'ActionSet');

/** Every Markdown text of a card, as HTML the way a CommonMark client renders it. */
function renderedTexts(card: CardJson): string[] {
  return body(card).flatMap((e) => [...(e.text ? [e.text] : []), ...(e.facts ?? []).flatMap((f) => [f.title, f.value])]).map((t) => md.render(t));
}

function submitData(card: CardJson, overrides: Record<string, string> = {}): { verb: string; data: Record<string, unknown> } {
  const inputs: Record<string, string> = {};
  for (const e of body(card)) if (e.type.startsWith('Input.') && e.id) inputs[e.id] = e.value === undefined ? '' : typeof e.value === 'string' ? e.value : JSON.stringify(e.value);
  const submit = actionSets(card).at(-1)!.actions![0]!;
  return { verb: submit.verb!, data: { ...submit.data, ...inputs, ...overrides } };
}

describe('Teams: private first setup and inert typed text', () => {
  let connector: FakeConnector;
  let handle: ServerHandle;
  let dir: string;
  const coordinator = person(200, 'Fatima Yilmaz');
  const other = person(201, 'Bram de Vries');

  beforeAll(async () => {
    connector = await startFakeConnector();
    dir = mkdtempSync(join(tmpdir(), 'teams-typed-'));
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
  async function invoke(s: TeamsScene, who: TeamsPerson, verb: string, data: Record<string, unknown>, overrides: Activity = {}): Promise<{ type: string; value: unknown }> {
    const result = await send(cardAction(s, who, verb, data, overrides));
    expect(result.status).toBe(200);
    return result.body as { type: string; value: unknown };
  }
  const networkOf = (s: TeamsScene) => handle.useCases.networkFor({ platform: 'teams', workspace: s.tenantId, channel: s.channelId });

  /** `setup` in the channel, the offer's button clicked by `who`: the invoke response. */
  async function openSetup(s: TeamsScene, asker: TeamsPerson, who: TeamsPerson): Promise<{ type: string; value: unknown }> {
    await send(mentionMessage(s, asker, 'setup'));
    const offer = connector.cards(s.channelId).at(-1)!;
    expect(JSON.stringify(offer)).not.toContain('Input.');
    const open = actionSets(offer)[0]!.actions![0]!;
    return invoke(s, who, open.verb!, open.data!);
  }

  it('lets no member but the one who asked open or submit the first setup', async () => {
    const s = scene({ serviceUrl: connector.serviceUrl, channelId: '19:takeover@thread.tacv2', teamId: '19:takeover@thread.tacv2' });
    await send(botAddedToTeam(s, coordinator));
    // Another member clicking the offer gets no form.
    const refused = await openSetup(s, coordinator, other);
    expect(refused.type).toBe('application/vnd.microsoft.activity.message');
    expect(JSON.stringify(refused.value)).not.toContain('Input.');
    // The one who asked gets it, privately; another member submitting its data is refused.
    const own = await openSetup(s, coordinator, coordinator);
    expect(own.type).toBe('application/vnd.microsoft.card.adaptive');
    const stolen = submitData(own.value as CardJson, { name: 'Overgenomen', coordinators: other.aadObjectId });
    const hijack = await invoke(s, other, stolen.verb, stolen.data);
    expect(hijack.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(hijack.value)).toMatch(/van wie erom vroeg/);
    expect(await networkOf(s)).toBeUndefined();
    // The one who asked sets up and is the coordinator; the other is not.
    const mine = submitData(own.value as CardJson, { name: 'Eigen netwerk' });
    expect((await invoke(s, coordinator, mine.verb, mine.data)).type).toBe('application/vnd.microsoft.card.adaptive');
    const network = (await networkOf(s))!;
    expect(network.settings.name).toBe('Eigen netwerk');
    const coordinators = (await handle.deps.store.coordinators.list(network.id)).map((c) => c.user);
    expect(coordinators).toEqual([coordinator.aadObjectId]);
  });

  it('shows a name and comments full of links, pings and formatting as plain text on every card', async () => {
    const s = scene({ serviceUrl: connector.serviceUrl, channelId: '19:typed@thread.tacv2', teamId: '19:typed@thread.tacv2' });
    const members = [1, 2, 3].map((n) => person(300 + n));
    // Two more answers without a comment: five is k + 2, so the round may close early.
    const quiet = [4, 5].map((n) => person(300 + n));
    await send(botAddedToTeam(s, coordinator));
    const form = await openSetup(s, coordinator, coordinator);
    const setup = submitData(form.value as CardJson, { name: NAME, k: '3' });
    await invoke(s, coordinator, setup.verb, setup.data);
    expect((await networkOf(s))?.settings.name).toBe(NAME);

    await send(mentionMessage(s, coordinator, 'now'));
    const round = connector.cards(s.channelId).find((c) => JSON.stringify(c).includes('"verb":"answer"'))!;
    const roundId = String(actionSets(round)[0]!.actions![0]!.data!.value).split(':')[0]!;
    const personal: CardJson[] = [];
    for (const [i, member] of members.entries()) {
      await invoke(s, member, 'answer', { value: `${roundId}:2` });
      const answerForm = (await invoke(s, member, 'more_questions', { value: roundId })).value as CardJson;
      const sent = await invoke(s, member, ...Object.values(submitData(answerForm, { comment: COMMENTS[i]! })) as [string, Record<string, unknown>]);
      personal.push(sent.value as CardJson);
    }
    for (const member of quiet) await invoke(s, member, 'answer', { value: `${roundId}:1` });
    await send(mentionMessage(s, coordinator, 'close'));
    const results = await connector.waitFor(() => connector.cards(s.channelId).find((c) => JSON.stringify(c).includes('Uitkomst')));
    expect(JSON.stringify(results)).toContain('prima');

    const cards = [...connector.cards(s.channelId), ...connector.updates.flatMap((u) => (u.activity.attachments as { content: CardJson }[] | undefined)?.map((a) => a.content) ?? []), ...personal];
    let nameShown = 0;
    for (const card of cards) {
      for (const html of renderedTexts(card)) {
        // Nothing typed became a link, a mailto, or a date; where typed text stands, no
        // list, quote, heading, code or emphasis of its own either.
        expect(html).not.toMatch(/href="[^"]*(evil|boos|x\.nl|gemeente)/);
        expect(html).not.toMatch(/<strong>vet<\/strong>|<em>overleg<\/em>|<strong>prima<\/strong>|\{\{DATE/);
        if (/Klik hier|Kijk|Mail|Omgekeerd/.test(html)) expect(html).not.toMatch(/<(em|code|s|del|h\d|blockquote|ul|ol)>/);
        const text = html.replace(/<[^>]+>/g, '').replace(/\u2060/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
        if (text.includes(NAME)) nameShown += 1;
        // Comments lost their pointers and invisible characters before anyone saw them.
        expect(text).not.toMatch(/boos\.example|jan\.devries|gemeente\.nl|@jan|\u202E|\u200B/);
      }
    }
    expect(nameShown).toBeGreaterThanOrEqual(3); // the setup confirmation, the round and the results
  });

  it('keeps no activity id and no time finer than the hour', async () => {
    const db = new Database(join(dir, 'thermometer.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT delivery_id, seen_at FROM deliveries').all() as { delivery_id: string; seen_at: number }[];
      expect(rows.length).toBeGreaterThan(10);
      for (const row of rows) {
        expect(row.seen_at % 3_600_000).toBe(0);
        expect(row.delivery_id).toMatch(/^[\w-]{43}$/);
        expect(row.delivery_id).not.toMatch(/^f:|^1700/);
      }
    } finally {
      db.close();
    }
  });
});
