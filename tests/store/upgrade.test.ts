/**
 * The upgrade of an archive from before the linkage store (schema 2): an open round's
 * secret, tokens and answers move into its linkage file, durably, and nothing of them
 * stays in the archive — not even in freed pages, since the upgrade compacts the file.
 * A start that died half-way (after the move, before the migration committed) is
 * finished by the next start without losing or doubling anything.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { newId, newSecret, participationToken } from '../../src/app/tokens.ts';
import type { Answer } from '../../src/core/answer.ts';
import { LinkageFiles } from '../../src/store/linkage/files.ts';
import { answerValues } from '../../src/store/sqlite/answers.ts';
import { migrate, MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { moveLinkageOut } from '../../src/store/sqlite/move-linkage.ts';
import { findInDatabase, findInDirectory } from '../helpers/bytes.ts';
import { seededRandom } from '../helpers/random.ts';
import { tempDb, type TempDb } from '../helpers/temp-db.ts';

let db: TempDb;
afterEach(() => db?.cleanup());

const voters = Array.from({ length: 8 }, (_, i) => ({ platform: 'slack' as const, workspace: 'T0UP', user: `U0UPGRADE${i}` }));

/** An answer row as schema 2 had it: without the channel it came from (today's channel_key). */
const schemaTwo = (values: ReturnType<typeof answerValues>): [string, string, number, string, string | null, string | null, string | null] => {
  const [id, round, level, ratings, domain, orgLevel, , comment] = values;
  return [id, round, level, ratings, domain, orgLevel, comment];
};

/** A schema-2 archive, written the way the bot wrote it then: one closed round, one open round with its linkage. */
function schemaTwoArchive(path: string) {
  const random = seededRandom(21);
  const conn = new Database(path);
  conn.pragma('journal_mode = WAL');
  migrate(conn, MIGRATIONS.filter((m) => m.version <= 2));
  conn.prepare('INSERT INTO networks (id, settings, created_at) VALUES (?, ?, ?)').run('net-up', JSON.stringify({ name: 'Oud netwerk' }), 0);
  const round = (id: string, status: string) =>
    conn.prepare('INSERT INTO rounds (id, network_id, status, instrument, k, opens_at, closes_at, opened_at) VALUES (?, ?, ?, ?, 3, 0, 9e12, 0)').run(id, 'net-up', status, 'thermometer');
  round('closed-round', 'closed');
  const closedIds = [newId(random), newId(random)];
  for (const id of closedIds) conn.prepare('INSERT INTO answers (id, round_id, level, ratings, domain, org_level, comment) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...schemaTwo(answerValues('closed-round', { id, answer: { level: 2, ratings: {}, comment: 'gesloten-ronde-blijft' } })));
  round('open-round', 'open');
  const secret = newSecret(random);
  conn.prepare('INSERT INTO round_secrets (round_id, secret) VALUES (?, ?)').run('open-round', Buffer.from(secret));
  const given = new Map<string, Answer>();
  const openIds: string[] = [];
  for (const [i, voter] of voters.entries()) {
    const token = participationToken(secret, voter);
    const answer: Answer = { level: ((i % 4) + 1) as 1 | 2 | 3 | 4, ratings: {}, comment: `open-antwoord-${i}` };
    const id = newId(random);
    openIds.push(id);
    conn.prepare('INSERT INTO answers (id, round_id, level, ratings, domain, org_level, comment) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...schemaTwo(answerValues('open-round', { id, answer })));
    conn.prepare('INSERT INTO participation_tokens (round_id, token, answer_id) VALUES (?, ?, ?)').run('open-round', token, id);
    given.set(token, answer);
  }
  conn.close();
  return { secret, given, openIds, closedIds };
}

describe('upgrading an archive that still holds the linkage of an open round', () => {
  it('moves the secret, tokens and answers into the linkage store and leaves nothing of them in the archive', async () => {
    db = tempDb();
    const { secret, given, openIds, closedIds } = schemaTwoArchive(db.path);
    // The test can see them before the upgrade.
    expect(findInDatabase(db.path, [secret, [...given.keys()][0]!, 'open-antwoord-3'])).toHaveLength(3);

    const { store, linkage } = db.openBoth();
    expect(Buffer.from((await linkage.secret('open-round'))!)).toEqual(Buffer.from(secret));
    for (const [token, answer] of given) expect(await linkage.get('open-round', token)).toEqual(answer);
    expect(await linkage.count('open-round')).toBe(voters.length);
    // The closed round keeps its answers; the open one has none in the archive.
    expect((await store.answers.forRound('closed-round')).map((a) => a.id).sort()).toEqual([...closedIds].sort());
    expect(await store.answers.count('open-round')).toBe(0);
    expect((await store.rounds.get('open-round'))?.status).toBe('open');

    // The upgrade compacts the file at the first chance: the sweep at start.
    expect(await store.maintenance.compactionOwed()).toBe(true);
    expect(await store.compact()).toBe(true);
    expect(findInDatabase(db.path, [secret, ...given.keys(), ...openIds, ...[...given.values()].map((a) => a.comment!)])).toEqual([]);
    expect(findInDirectory(db.linkagePath, ['open-antwoord-3'])).toHaveLength(1);
  });

  it('finishes a start that died after moving the linkage, without losing or doubling answers', async () => {
    db = tempDb();
    const { given } = schemaTwoArchive(db.path);
    // The first start moved the linkage, then died before migration 3 committed.
    const conn = new Database(db.path);
    const files = new LinkageFiles(db.linkagePath);
    moveLinkageOut(conn, { linkage: () => files });
    files.close();
    conn.close();

    const { store, linkage } = db.openBoth();
    expect(await linkage.count('open-round')).toBe(given.size);
    for (const [token, answer] of given) expect(await linkage.get('open-round', token)).toEqual(answer);
    expect(await store.answers.count('open-round')).toBe(0);
  });

  it('refuses to upgrade when the linkage directory holds another secret for the round', async () => {
    db = tempDb();
    schemaTwoArchive(db.path);
    const files = new LinkageFiles(db.linkagePath);
    files.create('open-round', new Uint8Array(32).fill(9));
    files.close();
    expect(() => db.openBoth()).toThrow(/another secret/);
  });
});
