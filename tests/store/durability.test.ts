/**
 * Durability: a process recording answers is killed with SIGKILL mid-stream. Every
 * answer it reported as committed is still there, and the file opens cleanly.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { newSecret } from '../../src/app/tokens.ts';
import { aNetwork, aRound } from '../helpers/builders.ts';
import { seededRandom } from '../helpers/random.ts';
import { tempDb, type TempDb } from '../helpers/temp-db.ts';

let db: TempDb;
afterEach(() => db?.cleanup());

const CHILD = fileURLToPath(new URL('../helpers/durability-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function runAndKill(path: string, roundId: string, killAfter: number): Promise<{ reported: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    // tsx as a loader in this very process: SIGKILL must hit the process that writes.
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, roundId, '5'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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

it('keeps every answer reported as committed when the process is killed mid-stream', async () => {
  db = tempDb();
  const store = db.open();
  const network = aNetwork();
  store.networks.create(network);
  const round = aRound(network.id);
  store.rounds.create(round);
  store.rounds.open(round.id, new Date(), newSecret(seededRandom(3)));
  store.close();

  const { reported, signal } = await runAndKill(db.path, round.id, 150);
  expect(signal).toBe('SIGKILL');
  expect(reported.length).toBeGreaterThanOrEqual(150);

  const conn = openDatabase(db.path);
  expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
  const stored = new Set((conn.prepare('SELECT id FROM answers WHERE round_id = ?').all(round.id) as { id: string }[]).map((r) => r.id));
  conn.close();
  const missing = reported.filter((id) => !stored.has(id));
  expect(missing).toEqual([]);

  // And the store opens and works again.
  const reopened = db.open();
  expect(reopened.answers.count(round.id)).toBe(stored.size);
});
