/**
 * Shared channels through the real Teams SDK on a real HTTP server, with activities
 * shaped as Microsoft's examples show them, a fake Bot Connector and in-memory use
 * cases: the channel belongs to the host tenant, a person is known by their own tenant
 * and Entra object id, and people of another tenant get no direct messages.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountTeams, type TeamsAdapter } from '../../../src/adapters/teams/index.ts';
import { ChatError, type Logger } from '../../../src/core/ports.ts';
import { createDownloads } from '../../../src/http/downloads.ts';
import { cryptoRandom, systemClock } from '../../../src/system.ts';
import {
  botAllowedInSharedChannel,
  cardAction,
  mentionMessage,
  person,
  postActivity,
  scene,
  sharedChannelFrom,
  sharedChannelMembersAdded,
  type TeamsScene,
} from '../../fixtures/teams/activities.ts';
import { startFakeConnector, type FakeConnector } from '../../fixtures/teams/fake-connector.ts';
import { createFakeUseCases, teamsOnlyContent, type FakeUseCases } from '../../fixtures/teams/fake-use-cases.ts';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const HOST = '3fee1829-7ae5-45d0-a29d-0c924adb25f1';
const GUEST_TENANT = '0f8276ea-111b-46af-9512-79ce81d5dea1';

let connector: FakeConnector;
let useCases: FakeUseCases;
let adapter: TeamsAdapter;
let server: Server;
let url: string;
let s: TeamsScene;
const coordinator = person(1, 'Fatima Yilmaz');
const colleague = person(2, 'Bram de Vries');
const guest = person(3, 'Noor Bakker'); // of another organisation

beforeEach(async () => {
  connector = await startFakeConnector();
  s = scene({ serviceUrl: connector.serviceUrl, tenantId: HOST, channelId: '19:5a1d0c2e3f4b@thread.tacv2' });
  const app = express();
  useCases = createFakeUseCases();
  const downloads = createDownloads({ clock: systemClock, random: cryptoRandom, publicBaseUrl: 'http://127.0.0.1:0' });
  adapter = await mountTeams(app, {
    localMode: true,
    useCases,
    content: teamsOnlyContent(),
    log: quiet,
    publicBaseUrl: 'http://127.0.0.1:0',
    downloads,
    retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
  });
  useCases.chat = adapter;
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await connector.close();
});

async function send(activity: Record<string, unknown>): Promise<number> {
  const { status } = await postActivity(url, activity);
  await adapter.idle();
  return status;
}

const serviceUrl = (): string => connector.serviceUrl.replace(/\/$/, '');
const hostChannel = () => ({ platform: 'teams' as const, workspace: HOST, channel: s.channelId });

async function setUpInSharedChannel(): Promise<void> {
  expect(await send(botAllowedInSharedChannel(s, coordinator))).toBe(200);
  const actor = { platform: 'teams' as const, workspace: HOST, user: coordinator.aadObjectId };
  await useCases.submitSetup({ ...hostChannel(), serviceUrl: serviceUrl() }, actor, { name: 'Oost' }, (await useCases.setupForm(hostChannel(), actor)).context);
}

describe('Teams shared channels', () => {
  it('remembers a shared channel under its host tenant when the bot is allowed in it, and greets it', async () => {
    expect(await send(botAllowedInSharedChannel(s, coordinator))).toBe(200);
    expect(useCases.callsTo('rememberChannel')).toEqual([[{ ...hostChannel(), serviceUrl: serviceUrl() }]]);
    expect(connector.posts.map((p) => p.conversationId)).toEqual([s.channelId]);
  });

  it("knows a member of another tenant by their own tenant and object id, in the host's channel", async () => {
    await setUpInSharedChannel();
    await send(mentionMessage(s, coordinator, 'now'));
    await send(cardAction(s, guest, 'answer', { value: 'round-1:3' }, { from: sharedChannelFrom(s, guest, GUEST_TENANT) }));
    // A host member: Teams may name the host tenant as their source (in any case); they stay the host's.
    await send(cardAction(s, colleague, 'answer', { value: 'round-1:2' }, { from: sharedChannelFrom(s, colleague, HOST.toUpperCase(), 'transitive') }));
    await send(cardAction(s, coordinator, 'answer', { value: 'round-1:1' }));
    expect(useCases.callsTo('answerLevel')).toEqual([
      ['round-1', { platform: 'teams', workspace: GUEST_TENANT, user: guest.aadObjectId }, 3],
      ['round-1', { platform: 'teams', workspace: HOST, user: colleague.aadObjectId }, 2],
      ['round-1', { platform: 'teams', workspace: HOST, user: coordinator.aadObjectId }, 1],
    ]);
    // Commands from the guest act on the host's channel.
    await send(mentionMessage(s, guest, 'tips 2', { from: sharedChannelFrom(s, guest, GUEST_TENANT) }));
    expect(useCases.callsTo('tips')).toEqual([[hostChannel(), 2]]);
  });

  it('handles people joining with their membership source, learning Teams ids for direct messages only in the host tenant', async () => {
    await setUpInSharedChannel();
    const before = connector.posts.length;
    expect(await send(sharedChannelMembersAdded(s, coordinator, [colleague], { sourceType: 'team', id: s.teamId, membershipType: 'transitive', tenantId: HOST }))).toBe(200);
    expect(await send(sharedChannelMembersAdded(s, coordinator, [guest], { sourceType: 'channel', id: s.channelId, membershipType: 'direct', tenantId: GUEST_TENANT }))).toBe(200);
    // Joining people is no install: nothing remembered again, nothing posted.
    expect(useCases.callsTo('rememberChannel')).toHaveLength(1);
    expect(connector.posts.length).toBe(before);

    const via = { ...hostChannel(), serviceUrl: serviceUrl(), networkId: 'net-1' };
    const message = { text: 'Herinnering', blocks: [{ kind: 'paragraph' as const, text: 'Herinnering' }] };
    // The host colleague: a 1:1 chat created with the Teams id learnt from the event.
    await adapter.direct({ platform: 'teams', workspace: HOST, user: colleague.aadObjectId }, message, via);
    expect(connector.conversations.map((c) => (c.body.members as { id: string }[])[0]!.id)).toEqual([colleague.id]);
    // The guest: Teams allows no 1:1 chat across tenants, so none is attempted.
    const requests = connector.requests.length;
    const refused = await adapter.direct({ platform: 'teams', workspace: GUEST_TENANT, user: guest.aadObjectId }, message, via).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChatError);
    expect((refused as ChatError).reason).toBe('rejected');
    expect(connector.requests.length).toBe(requests);
  });

  it('lists channel members by their own tenant, as their answers know them', async () => {
    connector.setMembers(s.channelId, [
      { id: coordinator.id, name: coordinator.name, aadObjectId: coordinator.aadObjectId, tenantId: HOST },
      { id: guest.id, name: guest.name, aadObjectId: guest.aadObjectId, tenantId: GUEST_TENANT },
      { id: colleague.id, name: colleague.name, aadObjectId: colleague.aadObjectId },
    ]);
    const members = await adapter.members({ ...hostChannel(), serviceUrl: serviceUrl(), networkId: 'net-1' });
    expect(members).toEqual([
      { platform: 'teams', workspace: HOST, user: coordinator.aadObjectId },
      { platform: 'teams', workspace: GUEST_TENANT, user: guest.aadObjectId },
      { platform: 'teams', workspace: HOST, user: colleague.aadObjectId },
    ]);
  });
});
