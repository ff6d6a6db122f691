import { afterEach, describe, expect, it } from 'vitest';
import { newSecret } from '../../src/app/tokens.ts';
import type { ChannelBinding } from '../../src/core/network.ts';
import { aNetwork, aRound } from '../helpers/builders.ts';
import { seededRandom } from '../helpers/random.ts';
import { tempDb, type TempDb } from '../helpers/temp-db.ts';

let db: TempDb;
afterEach(() => db?.cleanup());

const day = 86_400_000;

describe('channel bindings and coordinators', () => {
  it('remembers a channel before setup and binds it later without losing its service URL', () => {
    db = tempDb();
    const store = db.open();
    const channel = { platform: 'teams' as const, workspace: 'tenant', channel: '19:abc@thread.tacv2' };
    store.bindings.upsert({ ...channel, serviceUrl: 'https://smba.example/emea/', networkId: null });
    const network = aNetwork();
    store.networks.create(network);
    store.bindings.upsert({ ...channel, serviceUrl: '', networkId: network.id });
    expect(store.bindings.find(channel)).toEqual({ ...channel, serviceUrl: 'https://smba.example/emea/', networkId: network.id });
    // Remembering it again (the bot re-added) keeps the network.
    store.bindings.upsert({ ...channel, serviceUrl: 'https://smba.example/amer/', networkId: null });
    expect(store.bindings.find(channel)?.networkId).toBe(network.id);
    expect(store.bindings.forNetwork(network.id)).toHaveLength(1);
    store.bindings.unbindNetwork(network.id);
    expect(store.bindings.find(channel)?.networkId).toBeNull();
  });

  it('replaces the coordinators of one workspace and keeps those elsewhere and their names', () => {
    db = tempDb();
    const store = db.open();
    const network = aNetwork();
    store.networks.create(network);
    store.coordinators.add(network.id, { platform: 'teams', workspace: 'tenant', user: 'aad-1', name: 'Fatima' });
    store.coordinators.add(network.id, { platform: 'slack', workspace: 'T1', user: 'U1' });
    store.coordinators.replace(network.id, 'teams', 'tenant', [{ platform: 'teams', workspace: 'tenant', user: 'aad-1' }, { platform: 'teams', workspace: 'tenant', user: 'aad-2' }]);
    expect(store.coordinators.list(network.id)).toEqual([
      { platform: 'slack', workspace: 'T1', user: 'U1' },
      { platform: 'teams', workspace: 'tenant', user: 'aad-1', name: 'Fatima' },
      { platform: 'teams', workspace: 'tenant', user: 'aad-2' },
    ]);
    expect(store.coordinators.includes(network.id, { platform: 'slack', workspace: 'T1', user: 'U1' })).toBe(true);
    expect(store.coordinators.includes(network.id, { platform: 'slack', workspace: 'T2', user: 'U1' })).toBe(false);
  });
});

describe('rounds', () => {
  it('keeps at most one open round per network', () => {
    db = tempDb();
    const store = db.open();
    const network = aNetwork();
    store.networks.create(network);
    const a = aRound(network.id);
    const b = aRound(network.id);
    store.rounds.create(a);
    store.rounds.create(b);
    expect(store.rounds.open(a.id, new Date(), newSecret(seededRandom()))).toBe(true);
    expect(() => store.rounds.open(b.id, new Date(), newSecret(seededRandom()))).toThrow();
    expect(store.rounds.get(b.id)?.status).toBe('scheduled');
    expect(store.rounds.secret(b.id)).toBeUndefined();
    expect(store.rounds.open(a.id, new Date(), newSecret(seededRandom()))).toBe(false);
  });

  it('tells the scheduler what is due to open, remind and close', () => {
    db = tempDb();
    const store = db.open();
    const network = aNetwork();
    store.networks.create(network);
    const opensAt = new Date('2026-03-03T08:00:00Z');
    const round = aRound(network.id, { opensAt, closesAt: new Date(opensAt.getTime() + 7 * day), remindAt: new Date(opensAt.getTime() + 5 * day) });
    store.rounds.create(round);
    expect(store.rounds.dueToOpen(new Date(opensAt.getTime() - 1))).toEqual([]);
    expect(store.rounds.dueToOpen(opensAt).map((r) => r.id)).toEqual([round.id]);
    store.rounds.open(round.id, opensAt, newSecret(seededRandom()));
    expect(store.rounds.dueToOpen(opensAt)).toEqual([]);
    expect(store.rounds.dueToRemind(new Date(opensAt.getTime() + 4 * day))).toEqual([]);
    expect(store.rounds.dueToRemind(new Date(opensAt.getTime() + 5 * day)).map((r) => r.id)).toEqual([round.id]);
    store.rounds.markReminded(round.id, new Date(opensAt.getTime() + 5 * day));
    expect(store.rounds.dueToRemind(new Date(opensAt.getTime() + 6 * day))).toEqual([]);
    expect(store.rounds.dueToClose(new Date(opensAt.getTime() + 7 * day)).map((r) => r.id)).toEqual([round.id]);
  });

  it('purges closed rounds that ended before the cut-off, with their answers', () => {
    db = tempDb();
    const store = db.open();
    const network = aNetwork();
    store.networks.create(network);
    const old = aRound(network.id);
    const recent = aRound(network.id);
    for (const [round, closedAt] of [[old, new Date('2024-01-10T00:00:00Z')], [recent, new Date('2026-01-10T00:00:00Z')]] as const) {
      store.rounds.create(round);
      store.rounds.open(round.id, new Date(closedAt.getTime() - 7 * day), newSecret(seededRandom()));
      store.answers.insert(round.id, `tok-${round.id}`, { id: `a-${round.id}`, answer: { level: 1, ratings: {} } });
      store.rounds.finalize(round.id, { closedAt, result: { shown: false, n: 1, k: 5 }, promptId: null, answers: [{ id: `b-${round.id}`, answer: { level: 1, ratings: {} } }] });
    }
    expect(store.rounds.purgeEndedBefore(network.id, new Date('2025-01-01T00:00:00Z'))).toBe(1);
    expect(store.rounds.get(old.id)).toBeUndefined();
    expect(store.answers.count(old.id)).toBe(0);
    expect(store.rounds.get(recent.id)?.status).toBe('closed');
    expect(store.answers.count(recent.id)).toBe(1);
  });

  it('erases everything of a network when it is deleted', () => {
    db = tempDb();
    const store = db.open();
    const network = aNetwork();
    store.networks.create(network);
    const round = aRound(network.id);
    store.rounds.create(round);
    store.rounds.open(round.id, new Date(), newSecret(seededRandom()));
    store.answers.insert(round.id, 'tok', { id: 'a1', answer: { level: 3, ratings: {} } });
    store.coordinators.add(network.id, { platform: 'slack', workspace: 'T1', user: 'U1' });
    store.prompts.markUsed(network.id, 'p1', new Date());
    expect(store.networks.delete(network.id)).toBe(true);
    expect(store.rounds.get(round.id)).toBeUndefined();
    expect(store.answers.count(round.id)).toBe(0);
    expect(store.rounds.secret(round.id)).toBeUndefined();
    expect(store.coordinators.list(network.id)).toEqual([]);
    expect(store.prompts.used(network.id)).toEqual([]);
  });
});

describe('posts and deliveries', () => {
  it('records the intent to post once, then the message it became', () => {
    db = tempDb();
    const store = db.open();
    const network = aNetwork();
    store.networks.create(network);
    const round = aRound(network.id);
    store.rounds.create(round);
    const binding: ChannelBinding = { platform: 'slack', workspace: 'T1', channel: 'C1', serviceUrl: '', networkId: network.id };
    expect(store.posts.intend(round.id, 'round', binding).state).toBe('pending');
    expect(store.posts.intend(round.id, 'round', binding).state).toBe('pending');
    store.posts.posted(round.id, 'round', { platform: 'slack', workspace: 'T1', channel: 'C1', messageId: '1700000000.000100', serviceUrl: '' });
    expect(store.posts.intend(round.id, 'round', binding)).toMatchObject({ state: 'posted', messageId: '1700000000.000100' });
    expect(store.posts.forRound(round.id, 'round')).toHaveLength(1);
    expect(store.posts.forRound(round.id, 'results')).toHaveLength(0);
  });

  it('sees a delivery id once per platform, and forgets old ones', () => {
    db = tempDb();
    const store = db.open();
    const t0 = new Date('2026-03-03T08:00:00Z');
    expect(store.deliveries.first('slack', 'Ev1', t0)).toBe(true);
    expect(store.deliveries.first('slack', 'Ev1', t0)).toBe(false);
    expect(store.deliveries.first('teams', 'Ev1', t0)).toBe(true);
    expect(store.deliveries.pruneBefore(new Date(t0.getTime() + 1))).toBe(2);
    expect(store.deliveries.first('slack', 'Ev1', t0)).toBe(true);
  });
});
