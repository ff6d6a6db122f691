/**
 * Durability: a process recording answers into an open round's linkage is killed with
 * SIGKILL mid-stream. Every answer it reported as recorded is still there, the file
 * opens cleanly, and the round closes with all of them.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { newSecret } from '../../src/app/tokens.ts';
import { aNetwork, aRound } from '../helpers/builders.ts';
import { seededRandom } from '../helpers/random.ts';
import { tempDb, type TempDb } from '../helpers/temp-db.ts';

let db: TempDb;
afterEach(() => db?.cleanup());

const CHILD = fileURLToPath(new URL('../helpers/durability-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function runAndKill(dir: string, roundId: string, killAfter: number): Promise<{ reported: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    // tsx as a loader in this very process: SIGKILL must hit the process that writes.
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, roundId], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const reported: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line !== '') reported.push(line);
      if (reported.length >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (code ${code}): ${stderr}`));
      else resolve({ reported, signal });
    });
  });
}

it('keeps every answer reported as recorded when the process is killed mid-stream', async () => {
  db = tempDb();
  const stores = db.openBoth();
  const { store, linkage } = stores;
  const network = aNetwork();
  await store.networks.create(network);
  const round = aRound(network.id);
  await store.rounds.create(round);
  await linkage.create(round.id, newSecret(seededRandom(3)));
  await store.rounds.open(round.id, new Date());
  await stores.close();

  const { reported, signal } = await runAndKill(db.linkagePath, round.id, 150);
  expect(signal).toBe('SIGKILL');
  expect(reported.length).toBeGreaterThanOrEqual(150);

  const conn = new Database(join(db.linkagePath, `${round.id}.round`), { fileMustExist: true });
  expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
  const stored = new Set((conn.prepare('SELECT token FROM answers').all() as { token: string }[]).map((r) => r.token));
  conn.close();
  expect(reported.filter((token) => !stored.has(token))).toEqual([]);

  // And the stores open and work again: the round closes with every answer.
  const reopened = db.openBoth();
  expect(await reopened.linkage.count(round.id)).toBe(stored.size);
  expect(await reopened.linkage.seal(round.id)).toHaveLength(stored.size);
});
