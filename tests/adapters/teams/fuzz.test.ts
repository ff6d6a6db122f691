/**
 * Whatever arrives at /api/messages, the Teams endpoint answers without a 5xx and
 * without crashing: random JSON, valid activities with fields broken at random, and
 * every invoke name the SDK knows.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountTeams, type TeamsAdapter } from '../../../src/adapters/teams/index.ts';
import type { Logger } from '../../../src/core/ports.ts';
import { createDownloads } from '../../../src/http/downloads.ts';
import { cryptoRandom, systemClock } from '../../../src/system.ts';
import { botAddedToTeam, cardAction, mentionMessage, person, scene, type TeamsScene } from '../../fixtures/teams/activities.ts';
import { startFakeConnector, type FakeConnector } from '../../fixtures/teams/fake-connector.ts';
import { createFakeUseCases, teamsOnlyContent } from '../../fixtures/teams/fake-use-cases.ts';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let connector: FakeConnector;
let server: Server;
let adapter: TeamsAdapter;
let url: string;
let s: TeamsScene;

beforeAll(async () => {
  connector = await startFakeConnector();
  s = scene({ serviceUrl: connector.serviceUrl });
  const app = express();
  const downloads = createDownloads({ clock: systemClock, random: cryptoRandom, publicBaseUrl: 'http://127.0.0.1' });
  adapter = await mountTeams(app, {
    localMode: true,
    useCases: createFakeUseCases(),
    content: teamsOnlyContent(),
    log: quiet,
    publicBaseUrl: 'http://127.0.0.1',
    downloads,
    retry: { retries: 0 },
  });
  // As in the server: anything thrown ends as a JSON status, never a stack trace.
  app.use((error: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(error.status ?? 500).json({ error: 'x' });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
});
afterAll(async () => {
  await adapter.idle();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await connector.close();
});

async function status(body: string): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  await res.arrayBuffer();
  return res.status;
}

describe('teams endpoint under fuzzing', () => {
  it('never answers 5xx to random JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        expect(await status(JSON.stringify(value))).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('never answers 5xx to documented activities with fields replaced at random', async () => {
    const member = person(3);
    const samples = [botAddedToTeam(s, member), mentionMessage(s, member, 'help'), cardAction(s, member, 'answer', { value: 'r:2' })];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        fc.dictionary(
          fc.constantFrom('type', 'id', 'name', 'from', 'recipient', 'conversation', 'channelData', 'entities', 'text', 'value', 'membersAdded', 'action', 'replyToId'),
          fc.jsonValue(),
          { maxKeys: 3 },
        ),
        async (sample, replaced) => {
          expect(await status(JSON.stringify({ ...sample, ...replaced, id: `fuzz-${Math.random()}` }))).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
    await adapter.idle();
  });

  it('never answers 5xx to any invoke name, with any value', async () => {
    const names = [
      'adaptiveCard/action', 'signin/tokenExchange', 'signin/verifyState', 'signin/failure', 'task/fetch', 'task/submit',
      'composeExtension/query', 'composeExtension/submitAction', 'message/submitAction', 'fileConsent/invoke', 'config/fetch',
      'tab/fetch', 'handoff/action', 'application/search', 'actionableMessage/executeAction', 'htmlwidget/calltool', 'unknown/thing',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.jsonValue(), async (name, value) => {
        const invoke = { ...cardAction(s, person(4), 'answer', {}), name, value };
        expect(await status(JSON.stringify(invoke))).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
