/**
 * Promise 1 against an operator with a backup taken while a round was open: every file
 * of the archive (database, -wal, -shm) is copied while people answer, change and
 * withdraw; the round closes; then with that copy, the live archive and every configured
 * secret, no answer can be linked to a person — and the copy holds no answer of the open
 * round at all. (The linkage directory is what must never be backed up: the same search
 * over a copy of it does link everyone, which shows the search works.)
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { findIn } from '../helpers/bytes.ts';
import { databaseFiles, directoryFiles, keyWindows, linkableVoters, storedValues, tokenShapedStrings } from '../helpers/linking.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** What an operator configures: the platform secrets (any of them could have been misused as a round secret). */
const CONFIGURED_SECRETS = ['0123456789abcdef0123456789abcdef', 'xoxb-0000-test', 'teams-app-password-value', 'secrets-key-0000000000000000000000'];

function copyAll(files: string[], to: string): string[] {
  mkdirSync(to, { recursive: true });
  return files.map((file) => {
    const target = join(to, basename(file));
    copyFileSync(file, target);
    return target;
  });
}

it('gives an operator with a backup taken while the round was open, the live files and every secret no link from a person to an answer', async () => {
  app = createTestApp({ seed: 31 });
  await app.setup({ commentsEnabled: true, k: 3 });
  const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
  const voters = app.voters(24, 'U0BACKUP');
  for (const [i, voter] of voters.entries()) {
    await app.useCases.submitAnswerForm(round.id, voter, { level: String((i % 4) + 1), comment: `open-reactie-${i}` });
    if (i % 3 === 0) await app.useCases.answerLevel(round.id, voter, ((i % 4) + 1 === 4 ? 1 : 4));
    if (i % 5 === 0) await app.useCases.submitAnswerForm(round.id, voter, { comment: `gewijzigd-${i}` });
  }
  await app.useCases.withdraw(round.id, voters[1]!);
  await app.useCases.withdraw(round.id, voters[7]!);

  // The backup, taken file by file while the round is open and the bot runs.
  const backupDir = join(app.db.dir, 'backup');
  const backup = copyAll(databaseFiles(app.db.path), backupDir);
  const backupPath = join(backupDir, basename(app.db.path));
  // What must never be backed up, copied too, to show the search finds a link where there is one.
  const linkageCopy = copyAll(directoryFiles(app.db.linkagePath), join(app.db.dir, 'linkage-copy'));

  await app.useCases.closeRoundNow(app.channel, app.coordinator);
  await app.useCases.recover();

  // Everything the operator holds afterwards: the backup, the live archive, the (now
  // empty) linkage directory. Raw bytes first: opening the copy folds its log back.
  const rawFiles = [...backup, ...databaseFiles(app.db.path), ...directoryFiles(app.db.linkagePath)];
  const held = Buffer.concat(rawFiles.map((f) => readFileSync(f)));
  const backupBytes = Buffer.concat(backup.map((f) => readFileSync(f)));
  const windows = keyWindows(rawFiles);
  const keys = [...windows, ...storedValues(backupPath), ...storedValues(app.db.path), ...CONFIGURED_SECRETS.map((s) => Buffer.from(s, 'utf8'))];
  expect(windows.length).toBeGreaterThan(1000);
  expect(linkableVoters(keys, voters, tokenShapedStrings(held))).toEqual([]);

  // The backup holds no answer of the round that was open: none of its comments, no row.
  expect(findIn(backupBytes, voters.map((_, i) => `open-reactie-${i}`))).toEqual([]);
  expect(storedValues(backupPath).some((v) => v.toString('utf8').includes('reactie'))).toBe(false);

  // The same search over a copy of the live linkage directory links every voter (also
  // those who withdrew: their tokens are still in its log until the round closes).
  const linkageBytes = Buffer.concat(linkageCopy.map((f) => readFileSync(f)));
  const fromLinkage = linkableVoters(keyWindows(linkageCopy), voters, tokenShapedStrings(linkageBytes));
  expect(fromLinkage.sort()).toEqual(voters.map((v) => v.user).sort());
});
