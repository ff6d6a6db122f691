/**
 * Promise 1 when things get in the way of cleaning up. A second connection holds a read
 * transaction across the close, on the archive and on the round's linkage file; a bot
 * process is killed between the close commit and the linkage destroy, and between an
 * erase commit and the compaction. After the retry or restart, neither the archive file
 * nor its WAL nor the linkage directory holds a secret, a token or an answer's text that
 * should be gone, and the round closed exactly once with every acknowledged answer.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createUseCases } from '../../src/app/index.ts';
import { participationToken } from '../../src/app/tokens.ts';
import type { Platform } from '../../src/core/network.ts';
import { tick } from '../../src/scheduler/tick.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { findInDatabase, findInDirectory } from '../helpers/bytes.ts';
import { fakeChat, messageText, type FakeChat } from '../helpers/fake-chat.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** An open round with ten acknowledged answers, each with its own comment. */
async function openRoundWithAnswers(a: TestApp) {
  await a.setup({ commentsEnabled: true, k: 3 });
  const round = await a.useCases.openRoundNow(a.channel, a.coordinator);
  const voters = a.voters(10, 'U0CRASH');
  for (const [i, voter] of voters.entries()) await a.useCases.submitAnswerForm(round.id, voter, { level: String((i % 4) + 1), comment: `erkend-antwoord-${i}` });
  const secret = (await a.linkage.secret(round.id))!;
  const tokens = voters.map((v) => participationToken(secret, v));
  return { round, voters, secret, tokens };
}

/** The bot process killed at the worst moment, on the same files. */
function crash(a: TestApp, mode: 'close' | 'erase', target: string): void {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'tests/anonymity/crash-child.ts', a.db.path, mode, target, a.clock.now().toISOString()], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  expect(child.signal).toBe('SIGKILL');
}

/** A restart: new stores and use cases on the same files; the first tick recovers. */
async function restart(a: TestApp) {
  await a.store.close();
  await a.linkage.close();
  const { store, linkage } = a.db.openBoth();
  const slack = fakeChat('slack');
  const useCases = createUseCases({ ...a.deps, store, linkage, chat: new Map<Platform, FakeChat>([['slack', slack]]) });
  const run = () => tick({ store, useCases, clock: a.clock, log: a.deps.log, owner: 'restarted' });
  return { store, linkage, useCases, slack, run };
}

describe('a reader holding a transaction across the close', () => {
  it('keeps neither the archive nor the linkage directory from losing the secret, the tokens and the answers’ link', async () => {
    app = createTestApp({ seed: 41 });
    const { round, secret, tokens } = await openRoundWithAnswers(app);
    // A backup tool reads the archive, and something reads the round's linkage file, across the close.
    const archiveReader = new Database(app.db.path, { readonly: true });
    archiveReader.exec('BEGIN');
    archiveReader.prepare('SELECT count(*) FROM rounds').get();
    const linkageReader = new Database(join(app.db.linkagePath, `${round.id}.round`), { fileMustExist: true });
    linkageReader.exec('BEGIN');
    expect(linkageReader.prepare('SELECT count(*) AS n FROM answers').get()).toEqual({ n: 10 });
    // The scan sees the linkage while it is there.
    expect(findInDirectory(app.db.linkagePath, [secret, tokens[0]!, 'erkend-antwoord-3'])).toHaveLength(3);

    await app.useCases.closeRoundNow(app.channel, app.coordinator);

    // While both readers still hold their transactions.
    expect(findInDirectory(app.db.linkagePath, [secret, ...tokens, 'erkend-antwoord-3'])).toEqual([]);
    expect(findInDatabase(app.db.path, [secret, ...tokens])).toEqual([]);
    linkageReader.exec('COMMIT');
    linkageReader.close();
    archiveReader.exec('COMMIT');
    archiveReader.close();
    await app.useCases.recover();
    expect(findInDirectory(app.db.linkagePath, [secret, ...tokens, 'erkend-antwoord-3'])).toEqual([]);
    expect(await app.linkage.rounds()).toEqual([]);
    expect(findInDatabase(app.db.path, [secret, ...tokens])).toEqual([]);
    expect((await app.store.rounds.get(round.id))?.result?.n).toBe(10);
  });
});

describe('a bot process killed half-way', () => {
  it('between the close commit and the linkage destroy: the restart destroys the linkage and posts the results once', async () => {
    app = createTestApp({ seed: 42 });
    const { round, secret, tokens } = await openRoundWithAnswers(app);
    await app.store.close();
    await app.linkage.close();
    crash(app, 'close', round.id);

    // The archive committed the close; the linkage survived the crash.
    expect(findInDirectory(app.db.linkagePath, [secret, tokens[0]!])).toHaveLength(2);

    const restarted = await restart(app);
    await restarted.run();
    await restarted.run();
    expect(await restarted.linkage.rounds()).toEqual([]);
    expect(findInDirectory(app.db.linkagePath, [secret, ...tokens, 'erkend-antwoord-3'])).toEqual([]);
    expect(findInDatabase(app.db.path, [secret, ...tokens])).toEqual([]);
    const closed = await restarted.store.rounds.get(round.id);
    expect(closed?.status).toBe('closed');
    expect(closed?.result?.n).toBe(10);
    expect((await restarted.store.answers.forRound(round.id)).map((a) => a.answer.comment).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `erkend-antwoord-${i}`).sort());
    expect(restarted.slack.posts.filter((p) => messageText(p.message).includes('Uitkomst'))).toHaveLength(1);
  });

  it('between an erase commit and the compaction: the restart compacts, and the erased text is gone from every page', async () => {
    app = createTestApp({ seed: 43 });
    const { round } = await openRoundWithAnswers(app);
    await app.useCases.closeRoundNow(app.channel, app.coordinator);
    await app.store.close();
    await app.linkage.close();
    crash(app, 'erase', app.channel.channel);

    // Deleted, but the bytes are still in the file: the compaction is owed.
    expect(findInDatabase(app.db.path, ['erkend-antwoord-3'])).toHaveLength(1);

    const restarted = await restart(app);
    expect(await restarted.store.maintenance.compactionOwed()).toBe(true);
    await restarted.run();
    expect(await restarted.store.maintenance.compactionOwed()).toBe(false);
    expect(await restarted.store.rounds.get(round.id)).toBeUndefined();
    expect(findInDatabase(app.db.path, Array.from({ length: 10 }, (_, i) => `erkend-antwoord-${i}`))).toEqual([]);
  });
});
