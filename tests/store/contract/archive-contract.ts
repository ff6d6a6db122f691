/**
 * The archive's behaviour, as every adapter of the store port must show it. Run once per
 * adapter with a factory that gives a fresh, empty store (see sqlite.test.ts); a
 * PostgreSQL adapter adds one more factory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Agreement } from '../../../src/core/agreement.ts';
import type { ChannelBinding } from '../../../src/core/network.ts';
import type { CloseInput, Store, StoredAnswer } from '../../../src/core/store-port.ts';
import { aNetwork, aRound } from '../../helpers/builders.ts';

export interface ArchiveFactory {
  /** A fresh, empty archive. */
  open(): Promise<Store>;
  /** Closes and removes everything opened. */
  cleanup(): Promise<void>;
}

const day = 86_400_000;

let agreements = 0;
function anAgreement(networkId: string, overrides: Partial<Agreement> = {}): Agreement {
  return {
    id: `ag-${(agreements += 1)}`,
    networkId,
    text: 'Elke maand een casus *samen* bespreken <!channel>',
    owner: null,
    sourceItem: null,
    afterRoundId: null,
    status: 'open',
    createdAt: new Date('2026-03-10T08:00:00Z'),
    closedAt: null,
    ...overrides,
  };
}

export function describeArchiveContract(adapter: string, factory: () => ArchiveFactory): void {
  describe(`archive contract: ${adapter}`, () => {
    let f: ArchiveFactory;
    const fresh = async (): Promise<Store> => {
      f = factory();
      return f.open();
    };
    afterEach(() => f?.cleanup());
    /** A fresh archive holding one network. */
    const freshWithNetwork = async (): Promise<{ store: Store; network: ReturnType<typeof aNetwork> }> => {
      const store = await fresh();
      const network = aNetwork();
      await store.networks.create(network);
      return { store, network };
    };

    describe('channel bindings and coordinators', () => {
      it('remembers a channel before setup and binds it later without losing its service URL', async () => {
        const store = await fresh();
        const channel = { platform: 'teams' as const, workspace: 'tenant', channel: '19:abc@thread.tacv2' };
        await store.bindings.upsert({ ...channel, serviceUrl: 'https://smba.example/emea/', networkId: null });
        const network = aNetwork();
        await store.networks.create(network);
        await store.bindings.upsert({ ...channel, serviceUrl: '', networkId: network.id });
        expect(await store.bindings.find(channel)).toEqual({ ...channel, serviceUrl: 'https://smba.example/emea/', networkId: network.id, key: expect.any(String) as string });
        // Remembering it again (the bot re-added) keeps the network.
        await store.bindings.upsert({ ...channel, serviceUrl: 'https://smba.example/amer/', networkId: null });
        expect((await store.bindings.find(channel))?.networkId).toBe(network.id);
        expect(await store.bindings.forNetwork(network.id)).toHaveLength(1);
        await store.bindings.unbindNetwork(network.id);
        expect((await store.bindings.find(channel))?.networkId).toBeNull();
      });

      it('replaces the coordinators of one workspace and keeps those elsewhere and their names', async () => {
        const { store, network } = await freshWithNetwork();
        await store.coordinators.add(network.id, { platform: 'teams', workspace: 'tenant', user: 'aad-1', name: 'Fatima' });
        await store.coordinators.add(network.id, { platform: 'slack', workspace: 'T1', user: 'U1' });
        await store.coordinators.replace(network.id, 'teams', 'tenant', [{ platform: 'teams', workspace: 'tenant', user: 'aad-1' }, { platform: 'teams', workspace: 'tenant', user: 'aad-2' }]);
        expect(await store.coordinators.list(network.id)).toEqual([
          { platform: 'slack', workspace: 'T1', user: 'U1' },
          { platform: 'teams', workspace: 'tenant', user: 'aad-1', name: 'Fatima' },
          { platform: 'teams', workspace: 'tenant', user: 'aad-2' },
        ]);
        expect(await store.coordinators.includes(network.id, { platform: 'slack', workspace: 'T1', user: 'U1' })).toBe(true);
        expect(await store.coordinators.includes(network.id, { platform: 'slack', workspace: 'T2', user: 'U1' })).toBe(false);
      });
    });

    describe('rounds', () => {
      it('keeps at most one open round per network, and opens a round once', async () => {
        const { store, network } = await freshWithNetwork();
        const a = aRound(network.id);
        const b = aRound(network.id);
        await store.rounds.create(a);
        await store.rounds.create(b);
        expect(await store.rounds.open(a.id, new Date())).toBe(true);
        await expect(store.rounds.open(b.id, new Date())).rejects.toThrow();
        expect((await store.rounds.get(b.id))?.status).toBe('scheduled');
        expect(await store.rounds.open(a.id, new Date())).toBe(false);
        expect((await store.rounds.openFor(network.id))?.id).toBe(a.id);
      });

      it('tells the scheduler what is due to open, remind and close', async () => {
        const { store, network } = await freshWithNetwork();
        const opensAt = new Date('2026-03-03T08:00:00Z');
        const round = aRound(network.id, { opensAt, closesAt: new Date(opensAt.getTime() + 7 * day), remindAt: new Date(opensAt.getTime() + 5 * day) });
        await store.rounds.create(round);
        expect(await store.rounds.dueToOpen(new Date(opensAt.getTime() - 1))).toEqual([]);
        expect((await store.rounds.dueToOpen(opensAt)).map((r) => r.id)).toEqual([round.id]);
        await store.rounds.open(round.id, opensAt);
        expect(await store.rounds.dueToOpen(opensAt)).toEqual([]);
        expect(await store.rounds.dueToRemind(new Date(opensAt.getTime() + 4 * day))).toEqual([]);
        expect((await store.rounds.dueToRemind(new Date(opensAt.getTime() + 5 * day))).map((r) => r.id)).toEqual([round.id]);
        await store.rounds.markReminded(round.id, new Date(opensAt.getTime() + 5 * day));
        expect(await store.rounds.dueToRemind(new Date(opensAt.getTime() + 6 * day))).toEqual([]);
        expect((await store.rounds.dueToClose(new Date(opensAt.getTime() + 7 * day))).map((r) => r.id)).toEqual([round.id]);
      });

      it('finalizes an open round once, with its result and answers, and refuses anything else', async () => {
        const { store, network } = await freshWithNetwork();
        const round = aRound(network.id);
        await store.rounds.create(round);
        const input: CloseInput = { closedAt: new Date('2026-03-10T08:00:00Z'), result: { shown: false, n: 2, k: 5 }, promptId: 'p1', answers: [{ id: 'a1', answer: { level: 1, ratings: {} } }, { id: 'a2', answer: { level: 4, ratings: { ambition: 2 }, comment: 'ok' } }] };
        // A scheduled round cannot be finalized.
        expect(await store.rounds.finalize(round.id, input)).toBe(false);
        expect(await store.answers.count(round.id)).toBe(0);
        await store.rounds.open(round.id, new Date('2026-03-03T08:00:00Z'));
        expect(await store.rounds.finalize(round.id, input)).toBe(true);
        expect(await store.rounds.finalize(round.id, { ...input, answers: [] })).toBe(false);
        const closed = await store.rounds.get(round.id);
        expect(closed).toMatchObject({ status: 'closed', promptId: 'p1', result: input.result, closedAt: input.closedAt });
        expect((await store.answers.forRound(round.id)).sort((x, y) => x.id.localeCompare(y.id))).toEqual(input.answers);
        expect((await store.rounds.closedFor(network.id, 5)).map((r) => r.id)).toEqual([round.id]);
      });

      it('gives a round back as it was written, every time field included', async () => {
        const { store, network } = await freshWithNetwork();
        const times = {
          opensAt: new Date('2026-03-03T08:00:00Z'),
          closesAt: new Date('2026-03-10T08:00:00Z'),
          remindAt: new Date('2026-03-08T08:00:00Z'),
          openedAt: new Date('2026-03-03T08:00:05Z'),
          closedAt: new Date('2026-03-10T08:00:07Z'),
        };
        const full = aRound(network.id, { ...times, status: 'closed' });
        const bare = aRound(network.id, { opensAt: new Date('2026-04-07T07:00:00Z') });
        await store.rounds.create(full);
        await store.rounds.create(bare);
        expect(await store.rounds.get(full.id)).toEqual({ ...full, result: null, promptId: null, remindedAt: null });
        expect(await store.rounds.get(bare.id)).toEqual({ ...bare, result: null, promptId: null, remindedAt: null });
        expect(await store.rounds.get('no-such-round')).toBeUndefined();
      });

      it('opens a round late with a close time of its own, or keeps the planned one', async () => {
        const { store, network } = await freshWithNetwork();
        const planned = aRound(network.id);
        const late = aRound(network.id);
        await store.rounds.create(planned);
        await store.rounds.create(late);
        expect(await store.rounds.open(planned.id, new Date('2026-03-03T08:00:00Z'))).toBe(true);
        expect((await store.rounds.get(planned.id))?.closesAt).toEqual(planned.closesAt);
        await store.rounds.finalize(planned.id, { closedAt: new Date('2026-03-04T08:00:00Z'), result: { shown: false, n: 0, k: 5 }, promptId: null, answers: [] });
        const closesAt = new Date('2026-03-12T09:30:00Z');
        expect(await store.rounds.open(late.id, new Date('2026-03-05T09:30:00Z'), closesAt)).toBe(true);
        expect(await store.rounds.get(late.id)).toMatchObject({ status: 'open', openedAt: new Date('2026-03-05T09:30:00Z'), closesAt });
      });

      it('skips a planned round once, and never an open one', async () => {
        const { store, network } = await freshWithNetwork();
        const missed = aRound(network.id);
        const open = aRound(network.id);
        await store.rounds.create(missed);
        await store.rounds.create(open);
        expect(await store.rounds.skip(missed.id)).toBe(true);
        expect(await store.rounds.skip(missed.id)).toBe(false);
        expect((await store.rounds.get(missed.id))?.status).toBe('skipped');
        await store.rounds.open(open.id, new Date('2026-03-03T08:00:00Z'));
        expect(await store.rounds.skip(open.id)).toBe(false);
        expect((await store.rounds.get(open.id))?.status).toBe('open');
      });

      it('knows when a network\'s latest round was to open, and nothing for a network without rounds', async () => {
        const { store, network } = await freshWithNetwork();
        expect(await store.rounds.lastOpensAt(network.id)).toBeUndefined();
        await store.rounds.create(aRound(network.id, { opensAt: new Date('2026-03-03T08:00:00Z') }));
        await store.rounds.create(aRound(network.id, { opensAt: new Date('2026-04-07T07:00:00Z') }));
        expect(await store.rounds.lastOpensAt(network.id)).toEqual(new Date('2026-04-07T07:00:00Z'));
      });

      it('keeps every part of a closed round\'s answers, and leaves out what was not given', async () => {
        const { store, network } = await freshWithNetwork();
        const round = aRound(network.id);
        await store.rounds.create(round);
        await store.rounds.open(round.id, new Date('2026-03-03T08:00:00Z'));
        const answers: StoredAnswer[] = [
          { id: 'a1', answer: { level: 3, ratings: { ambition: 2, interests: 5 }, domain: 'education', orgLevel: 'board', comment: 'Meer tijd' } },
          { id: 'a2', answer: { level: 1, ratings: {} } },
        ];
        await store.rounds.finalize(round.id, { closedAt: new Date('2026-03-10T08:00:00Z'), result: { shown: false, n: 2, k: 5 }, promptId: null, answers });
        expect((await store.answers.forRound(round.id)).sort((x, y) => x.id.localeCompare(y.id))).toEqual(answers);
        expect(await store.answers.count(round.id)).toBe(2);
        expect(await store.answers.count('no-such-round')).toBe(0);
      });

      it('purges closed rounds that ended before the cut-off, with their answers', async () => {
        const { store, network } = await freshWithNetwork();
        const old = aRound(network.id);
        const recent = aRound(network.id);
        for (const [round, closedAt] of [[old, new Date('2024-01-10T00:00:00Z')], [recent, new Date('2026-01-10T00:00:00Z')]] as const) {
          await store.rounds.create(round);
          await store.rounds.open(round.id, new Date(closedAt.getTime() - 7 * day));
          await store.rounds.finalize(round.id, { closedAt, result: { shown: false, n: 1, k: 5 }, promptId: null, answers: [{ id: `b-${round.id}`, answer: { level: 1, ratings: {} } }] });
        }
        expect(await store.rounds.purgeEndedBefore(network.id, new Date('2025-01-01T00:00:00Z'))).toBe(1);
        expect(await store.rounds.get(old.id)).toBeUndefined();
        expect(await store.answers.count(old.id)).toBe(0);
        expect((await store.rounds.get(recent.id))?.status).toBe('closed');
        expect(await store.answers.count(recent.id)).toBe(1);
      });

      it('erases everything of a network when it is deleted', async () => {
        const { store, network } = await freshWithNetwork();
        const round = aRound(network.id);
        await store.rounds.create(round);
        await store.rounds.open(round.id, new Date());
        await store.rounds.finalize(round.id, { closedAt: new Date(), result: { shown: false, n: 1, k: 5 }, promptId: null, answers: [{ id: 'a1', answer: { level: 3, ratings: {} } }] });
        await store.coordinators.add(network.id, { platform: 'slack', workspace: 'T1', user: 'U1' });
        await store.prompts.markUsed(network.id, 'p1', new Date());
        expect(await store.networks.delete(network.id)).toBe(true);
        expect(await store.rounds.get(round.id)).toBeUndefined();
        expect(await store.answers.count(round.id)).toBe(0);
        expect(await store.coordinators.list(network.id)).toEqual([]);
        expect(await store.prompts.used(network.id)).toEqual([]);
        expect(await store.networks.delete(network.id)).toBe(false);
      });
    });

    describe('agreements', () => {
      it('keeps an agreement as given, lists a network\'s newest first and counts the open ones', async () => {
        const store = await fresh();
        const network = aNetwork();
        const other = aNetwork();
        await store.networks.create(network);
        await store.networks.create(other);
        const round = aRound(network.id);
        await store.rounds.create(round);
        const older = anAgreement(network.id, { owner: 'werkgroep onderwijs', sourceItem: 't3-interests', afterRoundId: round.id, createdAt: new Date('2026-03-10T08:00:00Z') });
        const newer = anAgreement(network.id, { createdAt: new Date('2026-04-10T08:00:00Z') });
        expect(await store.agreements.create(older)).toBe(true);
        expect(await store.agreements.create(newer)).toBe(true);
        await store.agreements.create(anAgreement(other.id));
        expect(await store.agreements.get(older.id)).toEqual(older);
        expect(await store.agreements.get('nope')).toBeUndefined();
        expect((await store.agreements.forNetwork(network.id)).map((a) => a.id)).toEqual([newer.id, older.id]);
        expect(await store.agreements.countOpen(network.id)).toBe(2);
        expect(await store.agreements.fromSuggestion(network.id, round.id, 't3-interests')).toEqual(older);
        expect(await store.agreements.fromSuggestion(network.id, round.id, 't3-listen')).toBeUndefined();
      });

      it('makes one agreement of one suggestion after one round, however often it is adopted', async () => {
        const { store, network } = await freshWithNetwork();
        const round = aRound(network.id);
        await store.rounds.create(round);
        const first = anAgreement(network.id, { sourceItem: 't3-interests', afterRoundId: round.id });
        expect(await store.agreements.create(first)).toBe(true);
        expect(await store.agreements.create(anAgreement(network.id, { sourceItem: 't3-interests', afterRoundId: round.id, text: 'anders' }))).toBe(false);
        // Typed agreements, and other items, are never taken for the same one.
        expect(await store.agreements.create(anAgreement(network.id, { afterRoundId: round.id }))).toBe(true);
        expect(await store.agreements.create(anAgreement(network.id, { afterRoundId: round.id }))).toBe(true);
        expect(await store.agreements.create(anAgreement(network.id, { sourceItem: 't3-listen', afterRoundId: round.id }))).toBe(true);
        expect((await store.agreements.forNetwork(network.id)).filter((a) => a.sourceItem === 't3-interests')).toEqual([first]);
      });

      it('closes an open agreement once, as done or dropped, with the moment it was closed', async () => {
        const { store, network } = await freshWithNetwork();
        const a = anAgreement(network.id);
        const b = anAgreement(network.id);
        await store.agreements.create(a);
        await store.agreements.create(b);
        const at = new Date('2026-05-01T10:00:00Z');
        expect(await store.agreements.close(a.id, 'done', at)).toBe(true);
        expect(await store.agreements.close(a.id, 'dropped', new Date())).toBe(false);
        expect(await store.agreements.close(b.id, 'dropped', at)).toBe(true);
        expect(await store.agreements.get(a.id)).toMatchObject({ status: 'done', closedAt: at });
        expect(await store.agreements.get(b.id)).toMatchObject({ status: 'dropped', closedAt: at });
        expect(await store.agreements.countOpen(network.id)).toBe(0);
      });

      it('remembers which agreements a round asks about, in the order asked', async () => {
        const { store, network } = await freshWithNetwork();
        const round = aRound(network.id);
        await store.rounds.create(round);
        const [x, y, z] = [anAgreement(network.id), anAgreement(network.id), anAgreement(network.id)];
        for (const a of [x, y, z]) await store.agreements.create(a);
        expect(await store.agreements.askedIn(round.id)).toEqual([]);
        await store.agreements.ask(round.id, [z.id, x.id]);
        expect((await store.agreements.askedIn(round.id)).map((a) => a.id)).toEqual([z.id, x.id]);
        // Asked again (a retried opening): the same list.
        await store.agreements.ask(round.id, [z.id, x.id]);
        expect((await store.agreements.askedIn(round.id)).map((a) => a.id)).toEqual([z.id, x.id]);
      });

      it('keeps agreement ratings with a closed round\'s answers', async () => {
        const { store, network } = await freshWithNetwork();
        const round = aRound(network.id);
        await store.rounds.create(round);
        await store.rounds.open(round.id, new Date('2026-03-03T08:00:00Z'));
        const answers: StoredAnswer[] = [
          { id: 'a1', answer: { level: 2 as const, ratings: {}, agreementRatings: { 'ag-1': 'yes' as const, 'ag-2': 'unsure' as const } } },
          // The channel an answer came from and its ratings are kept side by side.
          { id: 'a2', answer: { level: 3 as const, ratings: {}, channel: 'key-teams', agreementRatings: { 'ag-1': 'no' as const } } },
          { id: 'a3', answer: { level: 4 as const, ratings: {} } },
        ];
        await store.rounds.finalize(round.id, { closedAt: new Date('2026-03-10T08:00:00Z'), result: { shown: false, n: 3, k: 5 }, promptId: null, answers });
        expect((await store.answers.forRound(round.id)).sort((a, b) => a.id.localeCompare(b.id))).toEqual(answers);
      });

      it('deletes agreements closed before the cut-off, keeps open ones and recent ones, and loses a deleted round as their origin', async () => {
        const { store, network } = await freshWithNetwork();
        const round = aRound(network.id);
        await store.rounds.create(round);
        await store.rounds.open(round.id, new Date('2024-01-03T08:00:00Z'));
        await store.rounds.finalize(round.id, { closedAt: new Date('2024-01-10T08:00:00Z'), result: { shown: false, n: 0, k: 5 }, promptId: null, answers: [] });
        const old = anAgreement(network.id, { createdAt: new Date('2024-01-11T00:00:00Z'), afterRoundId: round.id });
        const stillOpen = anAgreement(network.id, { createdAt: new Date('2024-01-11T00:00:00Z'), afterRoundId: round.id });
        const recent = anAgreement(network.id, { createdAt: new Date('2024-01-11T00:00:00Z') });
        for (const a of [old, stillOpen, recent]) await store.agreements.create(a);
        await store.agreements.ask(round.id, [old.id, stillOpen.id]);
        await store.agreements.close(old.id, 'done', new Date('2024-06-01T00:00:00Z'));
        await store.agreements.close(recent.id, 'dropped', new Date('2025-06-01T00:00:00Z'));
        const cutoff = new Date('2025-01-01T00:00:00Z');
        expect(await store.agreements.purgeClosedBefore(network.id, cutoff)).toBe(1);
        expect(await store.agreements.get(old.id)).toBeUndefined();
        expect((await store.agreements.askedIn(round.id)).map((a) => a.id)).toEqual([stillOpen.id]);
        expect(await store.rounds.purgeEndedBefore(network.id, cutoff)).toBe(1);
        expect(await store.agreements.get(stillOpen.id)).toMatchObject({ status: 'open', afterRoundId: null });
        expect(await store.agreements.get(recent.id)).toMatchObject({ status: 'dropped' });
      });

      it('go with their network when it is erased', async () => {
        const { store, network } = await freshWithNetwork();
        const round = aRound(network.id);
        await store.rounds.create(round);
        const a = anAgreement(network.id, { afterRoundId: round.id, sourceItem: 't1-keep-it' });
        await store.agreements.create(a);
        await store.agreements.ask(round.id, [a.id]);
        expect(await store.networks.delete(network.id)).toBe(true);
        expect(await store.agreements.get(a.id)).toBeUndefined();
        expect(await store.agreements.forNetwork(network.id)).toEqual([]);
        expect(await store.agreements.askedIn(round.id)).toEqual([]);
      });
    });

    describe('posts, deliveries, prompts and leases', () => {
      it('records the intent to post once, then the message it became', async () => {
        const { store, network } = await freshWithNetwork();
        const round = aRound(network.id);
        await store.rounds.create(round);
        const binding: ChannelBinding = { platform: 'slack', workspace: 'T1', channel: 'C1', serviceUrl: '', networkId: network.id };
        expect((await store.posts.intend(round.id, 'round', binding)).state).toBe('pending');
        expect((await store.posts.intend(round.id, 'round', binding)).state).toBe('pending');
        await store.posts.posted(round.id, 'round', { platform: 'slack', workspace: 'T1', channel: 'C1', messageId: '1700000000.000100', serviceUrl: '' });
        expect(await store.posts.intend(round.id, 'round', binding)).toMatchObject({ state: 'posted', messageId: '1700000000.000100' });
        expect(await store.posts.forRound(round.id, 'round')).toHaveLength(1);
        expect(await store.posts.forRound(round.id, 'results')).toHaveLength(0);
      });

      it('sees a delivery id once per platform, and forgets old ones', async () => {
        const store = await fresh();
        const t0 = new Date('2026-03-03T08:00:00Z');
        expect(await store.deliveries.first('slack', 'Ev1', t0)).toBe(true);
        expect(await store.deliveries.first('slack', 'Ev1', t0)).toBe(false);
        expect(await store.deliveries.first('teams', 'Ev1', t0)).toBe(true);
        expect(await store.deliveries.pruneBefore(new Date(t0.getTime() + 1))).toBe(2);
        expect(await store.deliveries.first('slack', 'Ev1', t0)).toBe(true);
      });

      it('counts prompt uses for the rotation', async () => {
        const { store, network } = await freshWithNetwork();
        await store.prompts.markUsed(network.id, 'p1', new Date('2026-01-01T00:00:00Z'));
        await store.prompts.markUsed(network.id, 'p2', new Date('2026-02-01T00:00:00Z'));
        await store.prompts.markUsed(network.id, 'p1', new Date('2026-03-01T00:00:00Z'));
        expect((await store.prompts.used(network.id)).sort()).toEqual(['p1', 'p1', 'p2']);
      });

      it('leases a job to one owner until it runs out, and counts attempts', async () => {
        const store = await fresh();
        const t0 = new Date('2026-03-03T08:00:00Z');
        const until = new Date(t0.getTime() + 60_000);
        expect(await store.leases.claim('open:r1', 'p1', t0, until)).toBe(true);
        expect(await store.leases.claim('open:r1', 'p2', t0, until)).toBe(false);
        expect(await store.leases.claim('open:r1', 'p2', until, new Date(until.getTime() + 60_000))).toBe(true);
        expect(await store.leases.attempts('open:r1')).toBe(2);
        await store.leases.release('open:r1', 'p2');
        expect(await store.leases.claim('open:r1', 'p1', t0, until)).toBe(true);
        await store.leases.done('open:r1', 'p1');
        expect(await store.leases.attempts('open:r1')).toBe(0);
      });

      it('renews a lease only for the owner still holding it', async () => {
        const store = await fresh();
        const t0 = new Date('2026-03-03T08:00:00Z');
        const later = (ms: number): Date => new Date(t0.getTime() + ms);
        expect(await store.leases.claim('close:r1', 'p1', t0, later(60_000))).toBe(true);
        expect(await store.leases.renew('close:r1', 'p1', later(120_000))).toBe(true);
        // Renewed: at the first lease's end it is still held.
        expect(await store.leases.claim('close:r1', 'p2', later(60_000), later(180_000))).toBe(false);
        expect(await store.leases.renew('close:r1', 'p2', later(180_000))).toBe(false);
        // Run out and taken over: the first owner's heartbeat learns it lost the job.
        expect(await store.leases.claim('close:r1', 'p2', later(120_000), later(180_000))).toBe(true);
        expect(await store.leases.renew('close:r1', 'p1', later(240_000))).toBe(false);
        await store.leases.done('close:r1', 'p2');
        expect(await store.leases.renew('close:r1', 'p2', later(240_000))).toBe(false);
      });

      it('gives each job to exactly one of several instances claiming at once', async () => {
        const stores = [await fresh(), await f.open(), await f.open()];
        const t0 = new Date('2026-03-03T08:00:00Z');
        const until = new Date(t0.getTime() + 60_000);
        const jobs = Array.from({ length: 30 }, (_, i) => `open:r${i}`);
        const wins = await Promise.all(stores.map((s, i) => Promise.all(jobs.map((job) => s.leases.claim(job, `p${i}`, t0, until)))));
        for (const [j] of jobs.entries()) expect(wins.filter((w) => w[j]).length).toBe(1);
      });
    });

    describe('transactions and housekeeping', () => {
      it('commits everything done through the handle, or nothing when the callback fails', async () => {
        const store = await fresh();
        const kept = aNetwork();
        const lost = aNetwork();
        expect(await store.transaction(async (tx) => (await tx.networks.create(kept), 'done'))).toBe('done');
        await expect(
          store.transaction(async (tx) => {
            await tx.networks.create(lost);
            await tx.coordinators.add(lost.id, { platform: 'slack', workspace: 'T1', user: 'U1' });
            throw new Error('half-way');
          }),
        ).rejects.toThrow('half-way');
        expect(await store.networks.get(kept.id)).toBeDefined();
        expect(await store.networks.get(lost.id)).toBeUndefined();
        expect(await store.coordinators.list(lost.id)).toEqual([]);
      });

      it('never lets a call outside a transaction see or join half of it', async () => {
        const store = await fresh();
        const network = aNetwork();
        let halfway = (): void => undefined;
        const reached = new Promise<void>((resolve) => (halfway = resolve));
        let release = (): void => undefined;
        const gate = new Promise<void>((resolve) => (release = resolve));
        const tx = store.transaction(async (t) => {
          await t.networks.create(network);
          halfway();
          await gate;
          await t.networks.updateSettings(network.id, { ...network.settings, name: 'Na' });
        });
        await reached;
        // The transaction holds half its work: the network made, not yet renamed. SQLite
        // makes these wait for its end; PostgreSQL runs them beside it, on another connection.
        const seen = store.networks.get(network.id);
        const other = store.transaction(async (t) => t.networks.all());
        await new Promise((resolve) => setTimeout(resolve, 50));
        release();
        await tx;
        const whole = (n: { settings: { name: string } } | undefined): boolean => n === undefined || n.settings.name === 'Na';
        expect(whole(await seen)).toBe(true);
        const all = await other;
        expect(all.every(whole)).toBe(true);
        expect(all.map((n) => n.id)).toEqual(all.length === 0 ? [] : [network.id]);
        expect((await store.networks.get(network.id))?.settings.name).toBe('Na');
      });

      it('refuses a transaction handle used after its transaction ended', async () => {
        const store = await fresh();
        let kept: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
        await store.transaction(async (tx) => {
          kept = tx;
        });
        await expect(kept!.networks.all()).rejects.toThrow();
      });

      it('remembers an owed compaction until compact() has run', async () => {
        const store = await fresh();
        expect(await store.maintenance.compactionOwed()).toBe(false);
        await store.transaction((tx) => tx.maintenance.oweCompaction());
        expect(await store.maintenance.compactionOwed()).toBe(true);
        expect(await store.compact()).toBe(true);
        expect(await store.maintenance.compactionOwed()).toBe(false);
        expect(await store.checkpoint()).toBe(true);
      });
    });
    describe('one network across channels and organisations', () => {
      const slackA = { platform: 'slack' as const, workspace: 'T0A', channel: 'C0NET' };
      const slackB = { platform: 'slack' as const, workspace: 'T0B', channel: 'C0OTHER' };
      const teams = { platform: 'teams' as const, workspace: 'tenant-b', channel: '19:x@thread.tacv2' };

      it('gives each channel a random key that never changes, and keeps a key it was given', async () => {
        const { store, network } = await freshWithNetwork();
        await store.bindings.upsert({ ...slackA, serviceUrl: '', networkId: network.id });
        await store.bindings.upsert({ ...slackB, serviceUrl: '', networkId: network.id, key: 'given-key' });
        const a = (await store.bindings.find(slackA))?.key;
        expect(a).toMatch(/^[0-9a-f]{18}$/);
        expect((await store.bindings.find(slackB))?.key).toBe('given-key');
        // Bound again, unbound, re-bound, given another key: the key stays.
        await store.bindings.upsert({ ...slackA, serviceUrl: '', networkId: network.id, key: 'another' });
        await store.bindings.unbind(slackA);
        await store.bindings.upsert({ ...slackA, serviceUrl: '', networkId: network.id });
        expect((await store.bindings.find(slackA))?.key).toBe(a);
        expect(a).not.toContain(slackA.channel);
      });

      it('keeps a label and a language per channel; unbinding forgets both and the network, not the channel', async () => {
        const { store, network } = await freshWithNetwork();
        await store.bindings.upsert({ ...slackA, serviceUrl: '', networkId: network.id, label: 'Gemeente' });
        await store.bindings.upsert({ ...teams, serviceUrl: 'https://smba.example/emea/', networkId: network.id });
        await store.bindings.describe(teams, { label: 'Jeugdzorg', language: 'en' });
        // An upsert without a label (the service URL refreshed) keeps it.
        await store.bindings.upsert({ ...teams, serviceUrl: 'https://smba.example/amer/', networkId: null });
        expect(await store.bindings.forNetwork(network.id)).toEqual([
          { ...slackA, serviceUrl: '', networkId: network.id, key: expect.any(String) as string, label: 'Gemeente' },
          { ...teams, serviceUrl: 'https://smba.example/amer/', networkId: network.id, key: expect.any(String) as string, label: 'Jeugdzorg', language: 'en' },
        ]);
        await store.bindings.describe(teams, { language: null });
        expect((await store.bindings.find(teams))?.language).toBeUndefined();
        expect((await store.bindings.find(teams))?.label).toBe('Jeugdzorg');
        await store.bindings.unbind(teams);
        const left = await store.bindings.find(teams);
        expect(left).toMatchObject({ networkId: null, serviceUrl: 'https://smba.example/amer/' });
        expect(left?.label).toBeUndefined();
        expect((await store.bindings.forNetwork(network.id)).map((b) => b.channel)).toEqual([slackA.channel]);
      });

      it('unbinds every channel of one workspace, and only those', async () => {
        const { store, network } = await freshWithNetwork();
        const second = { ...slackA, channel: 'C0SECOND' };
        for (const c of [slackA, second, slackB]) await store.bindings.upsert({ ...c, serviceUrl: '', networkId: network.id });
        expect(await store.bindings.unbindWorkspace('slack', 'T0A')).toBe(2);
        expect((await store.bindings.forNetwork(network.id)).map((b) => b.workspace)).toEqual(['T0B']);
        expect(await store.bindings.unbindWorkspace('teams', 'T0B')).toBe(0);
      });

      it('keeps one join code hash per network: a new one replaces the old, erasing the network removes it', async () => {
        const store = await fresh();
        const network = aNetwork();
        const other = aNetwork();
        await store.networks.create(network);
        await store.networks.create(other);
        expect(await store.joinCodes.has(network.id)).toBe(false);
        await store.joinCodes.set(network.id, 'hash-1');
        await store.joinCodes.set(other.id, 'hash-other');
        expect(await store.joinCodes.networkFor('hash-1')).toBe(network.id);
        await store.joinCodes.set(network.id, 'hash-2');
        expect(await store.joinCodes.networkFor('hash-1')).toBeUndefined();
        expect(await store.joinCodes.networkFor('hash-2')).toBe(network.id);
        expect(await store.joinCodes.networkFor('hash-other')).toBe(other.id);
        await store.networks.delete(network.id);
        expect(await store.joinCodes.networkFor('hash-2')).toBeUndefined();
        expect(await store.joinCodes.has(network.id)).toBe(false);
      });

      it('counts wrong join codes per subject and hour, and forgets old hours', async () => {
        const store = await fresh();
        const hour = (h: number): Date => new Date(Date.UTC(2026, 2, 3, h));
        await store.joinAttempts.recordFailure(['person-1', 'workspace-1'], hour(8));
        await store.joinAttempts.recordFailure(['person-1', 'workspace-1'], hour(9));
        await store.joinAttempts.recordFailure(['person-2', 'workspace-1'], hour(9));
        expect(await store.joinAttempts.failures('person-1', hour(8))).toBe(2);
        expect(await store.joinAttempts.failures('person-1', hour(9))).toBe(1);
        expect(await store.joinAttempts.failures('workspace-1', hour(8))).toBe(3);
        expect(await store.joinAttempts.failures('nobody', hour(0))).toBe(0);
        expect(await store.joinAttempts.pruneBefore(hour(9))).toBe(2);
        expect(await store.joinAttempts.failures('person-1', hour(0))).toBe(1);
      });

      it('keeps installations per platform and key, replaced on a new save, until removed', async () => {
        const store = await fresh();
        await store.installations.save({ platform: 'slack', key: 'team:T0A', sealed: 'v1.first' });
        await store.installations.save({ platform: 'slack', key: 'team:T0A', sealed: 'v1.second' });
        await store.installations.save({ platform: 'slack', key: 'team:T0B', sealed: 'v1.b' });
        expect(await store.installations.find('slack', 'team:T0A')).toEqual({ platform: 'slack', key: 'team:T0A', sealed: 'v1.second' });
        expect(await store.installations.find('teams', 'team:T0A')).toBeUndefined();
        expect(await store.installations.remove('slack', 'team:T0A')).toBe(true);
        expect(await store.installations.remove('slack', 'team:T0A')).toBe(false);
        expect(await store.installations.find('slack', 'team:T0A')).toBeUndefined();
        expect((await store.installations.find('slack', 'team:T0B'))?.sealed).toBe('v1.b');
      });

      it('stores the channel key of a closed round\'s answers', async () => {
        const { store, network } = await freshWithNetwork();
        const round = aRound(network.id);
        await store.rounds.create(round);
        await store.rounds.open(round.id, new Date('2026-03-03T08:00:00Z'));
        const answers = [
          { id: 'a1', answer: { level: 1 as const, ratings: {}, channel: 'key-slack' } },
          { id: 'a2', answer: { level: 3 as const, ratings: {}, domain: 'education' as const, channel: 'key-teams' } },
          { id: 'a3', answer: { level: 2 as const, ratings: {} } },
        ];
        await store.rounds.finalize(round.id, { closedAt: new Date('2026-03-10T08:00:00Z'), result: { shown: false, n: 3, k: 5 }, promptId: null, answers });
        expect((await store.answers.forRound(round.id)).sort((x, y) => x.id.localeCompare(y.id))).toEqual(answers);
      });
    });
  });
}
