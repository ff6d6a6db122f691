/**
 * What a crash leaves behind is finished by the recovery sweep: linkage of rounds that
 * are closed, skipped or gone is destroyed; a close that stopped after sealing is
 * finished once, with every answer; linkage of a round being opened is left alone. And
 * checkpoints are checked: one a reader blocks is owed, warned about, and retried.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { newSecret } from '../../src/app/tokens.ts';
import { tick } from '../../src/scheduler/tick.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { findInDatabase } from '../helpers/bytes.ts';
import { messageText } from '../helpers/fake-chat.ts';
import { seededRandom } from '../helpers/random.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const results = (a: TestApp) => a.slack.posts.filter((p) => messageText(p.message).includes('Uitkomst'));
const run = (a: TestApp) => tick({ store: a.store, useCases: a.useCases, clock: a.clock, log: a.deps.log, owner: 'p1' });

describe('the recovery sweep', () => {
  it('destroys linkage of closed, skipped and unknown rounds, and leaves a round being opened alone', async () => {
    app = createTestApp();
    await app.setup({ k: 3 });
    const network = (await app.useCases.networkFor(app.channel))!;
    const random = seededRandom(5);
    // A close that died after its archive commit: the round is closed, its linkage still there.
    const closed = await app.useCases.openRoundNow(app.channel, app.coordinator);
    await app.useCases.closeRoundNow(app.channel, app.coordinator);
    await app.linkage.create(closed.id, newSecret(random));
    // A skipped round that an opening process had made linkage for.
    const skipped = (await app.useCases.scheduleRound(network.id, new Date('2026-02-03T08:00:00Z')))!;
    await app.linkage.create(skipped.id, newSecret(random));
    expect(await app.useCases.openScheduledRound(skipped.id)).toBeUndefined();
    await app.linkage.create(skipped.id, newSecret(random));
    // A round erased (or purged) before its linkage went.
    await app.linkage.create('gone-round', newSecret(random));
    // A round whose opening is under way right now.
    const opening = (await app.useCases.scheduleRound(network.id, new Date('2026-04-07T07:00:00Z')))!;
    await app.linkage.create(opening.id, newSecret(random));

    expect(await app.useCases.recover()).toEqual([]);
    expect(await app.linkage.rounds()).toEqual([opening.id]);
    expect(app.logs.some((l) => l.msg === 'linkage of ended rounds destroyed' && l.fields.rounds === 3)).toBe(true);
  });

  it('finishes a close that stopped after sealing, once, with every answer', async () => {
    app = createTestApp();
    await app.setup({ k: 3 });
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    for (const [i, voter] of app.voters(4).entries()) await app.useCases.answerLevel(round.id, voter, ((i % 4) + 1) as 1 | 2 | 3 | 4);
    // The closing process sealed the linkage and died.
    await app.linkage.seal(round.id);
    await expect(app.useCases.answerLevel(round.id, app.voters(5)[4]!, 2)).rejects.toMatchObject({ code: 'round_not_open' });

    const report = await run(app);
    expect(report.closed).toBe(1);
    expect((await app.store.rounds.get(round.id))?.status).toBe('closed');
    expect((await app.store.rounds.get(round.id))?.result?.n).toBe(4);
    expect(await app.store.answers.count(round.id)).toBe(4);
    expect(await app.linkage.rounds()).toEqual([]);
    await run(app);
    expect(results(app)).toHaveLength(1);
  });

  it('looks for half-done closes at start and then hourly, not on every tick', async () => {
    app = createTestApp();
    await app.setup({ k: 3 });
    expect(await app.useCases.recover()).toEqual([]);
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    await app.linkage.seal(round.id);
    expect(await app.useCases.recover()).toEqual([]);
    app.clock.advance(3_600_000);
    expect(await app.useCases.recover()).toEqual([round.id]);
  });

  it('erases an open round with its linkage', async () => {
    app = createTestApp();
    await app.setup({ k: 3 });
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    await app.useCases.answerLevel(round.id, app.voters(1)[0]!, 2);
    await app.useCases.erase(app.channel, app.coordinator);
    expect(await app.linkage.rounds()).toEqual([]);
    expect(await app.linkage.secret(round.id)).toBeUndefined();
  });
});

describe('checked checkpoints', () => {
  it('owes a checkpoint a reader blocks, warns on every tick while blocked, and completes once the reader is gone', async () => {
    app = createTestApp();
    await app.setup({ name: 'Leesnetwerk West', k: 3 }); // five answers: k + 2, so it may close early
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    for (const voter of app.voters(5)) await app.useCases.submitAnswerForm(round.id, voter, { level: '2', comment: 'blijft-even-in-het-log' });
    await app.useCases.closeRoundNow(app.channel, app.coordinator);
    expect(await app.store.checkpoint()).toBe(true);

    // A backup tool holds a read transaction on the archive.
    const reader = new Database(app.db.path, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM answers').get();
    await app.useCases.erase(app.channel, app.coordinator);
    const warnings = () => app.logs.filter((l) => l.level === 'warn' && l.msg.includes('checkpoint blocked')).length;
    expect(warnings()).toBe(1);
    // Until the log is folded back the file still has the erased text: that is why it is owed.
    expect(findInDatabase(app.db.path, ['blijft-even-in-het-log'])).toHaveLength(1);
    await app.useCases.recover();
    expect(warnings()).toBe(2);

    reader.exec('COMMIT');
    reader.close();
    await app.useCases.recover();
    expect(warnings()).toBe(2);
    expect(findInDatabase(app.db.path, ['blijft-even-in-het-log', 'Leesnetwerk West'])).toEqual([]);
    // Nothing is owed any more: no further warning.
    await app.useCases.recover();
    expect(warnings()).toBe(2);
  });
});
