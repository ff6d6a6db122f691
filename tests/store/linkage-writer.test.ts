/**
 * The linkage writer thread: batches of answers committed in a worker thread of their
 * own come back exactly as they would on the bot's thread — each answer's own outcome,
 * a refusal as the domain error it is, the round's count after the batch — and a thread
 * that dies fails only what was under way, the next answer starting a new one. Before a
 * round's files are destroyed the thread lets go of them: nothing in the process keeps
 * a descriptor to a destroyed round file.
 */
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import type { LinkageStore } from '../../src/core/linkage-port.ts';
import { LinkageFiles, openLinkageStore } from '../../src/store/linkage/index.ts';
import { LinkageWriter } from '../../src/store/linkage/writer.ts';

let dir: string;
const cleanup: (() => Promise<void> | void)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'thermometer-writer-'));
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  rmSync(dir, { recursive: true, force: true });
});

const secret = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const level = (n: number) => ({ kind: 'level' as const, level: ((n % 4) + 1) as 1 | 2 | 3 | 4 });

function linkageStore(commit: 'thread' | 'thread-now' | 'inline'): LinkageStore {
  const store = openLinkageStore(join(dir, 'linkage'), { commit });
  cleanup.push(() => store.close());
  return store;
}

/** Descriptors this process holds on files of a round (any thread: they share the table). */
function descriptorsOf(roundId: string): string[] {
  const held: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.includes(`${roundId}.round`)) held.push(target);
    } catch {
      // Closed between listing and reading.
    }
  }
  return held;
}

it('gives every answer of a batch its own outcome and the round count after the batch, as on the bot thread', async () => {
  const results = [];
  for (const commit of ['thread', 'inline'] as const) {
    const linkage = linkageStore(commit);
    const roundId = `r-${commit}`;
    await linkage.create(roundId, secret(1));
    await linkage.put(roundId, 'before', level(0));
    // Sent together: one batch.
    const outcomes = await Promise.allSettled([
      linkage.put(roundId, 'a', level(1)),
      linkage.put(roundId, 'b', level(2)),
      linkage.put(roundId, 'c', { kind: 'form', answer: { ratings: {} } }),
      linkage.put(roundId, 'before', level(3)),
    ]);
    results.push(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : { refused: o.reason instanceof DomainError ? o.reason.code : String(o.reason) })));
    await linkage.close();
  }
  const [thread, inline] = results;
  expect(thread).toEqual(inline);
  expect(thread).toEqual([
    { answer: { level: 2, ratings: {} }, created: true, count: 3 },
    { answer: { level: 3, ratings: {} }, created: true, count: 3 },
    // A form without a level from someone without an answer: refused alone, as the domain error it is.
    { refused: 'level_out_of_range' },
    { answer: { level: 4, ratings: {} }, created: false, count: 3 },
  ]);
});

it('refuses a sealed round through the thread with round_not_open, and keeps nothing', async () => {
  const linkage = linkageStore('thread-now');
  await linkage.create('r1', secret(1));
  await linkage.put('r1', 'a', level(0));
  expect(await linkage.seal('r1')).toHaveLength(1);
  await expect(linkage.put('r1', 'b', level(1))).rejects.toMatchObject({ code: 'round_not_open' });
  expect(await linkage.count('r1')).toBe(1);
});

it('fails only what was under way when the thread dies, and starts a new thread for the next batch', async () => {
  const files = new LinkageFiles(join(dir, 'linkage'));
  cleanup.push(() => files.close());
  files.create('r1', secret(1));
  const writer = new LinkageWriter(join(dir, 'linkage'));
  cleanup.push(() => writer.close());
  expect(await writer.write([{ op: 'put', roundId: 'r1', token: 'a', change: level(0) }])).toMatchObject([{ ok: true }]);
  const thread = (writer as unknown as { worker: Worker }).worker;
  const underWay = writer.write([{ op: 'put', roundId: 'r1', token: 'b', change: level(1) }]);
  await thread.terminate();
  await expect(underWay).rejects.toThrow(/linkage writer thread stopped/);
  const next = await writer.write([{ op: 'put', roundId: 'r1', token: 'c', change: level(2) }]);
  expect(next).toMatchObject([{ ok: true, value: { created: true } }]);
  expect((writer as unknown as { worker: Worker }).worker).not.toBe(thread);
  expect(files.has('r1', 'c')).toBe(true);
  expect(files.has('r1', 'a')).toBe(true);
});

it('lets go of a round file before it is destroyed: no descriptor to it is left in the process', async () => {
  const linkage = linkageStore('thread-now');
  await linkage.create('r-gone', secret(1));
  await linkage.put('r-gone', 'a', level(0));
  // The thread holds the file open now, as the bot's thread does.
  expect(descriptorsOf('r-gone').length).toBeGreaterThan(0);
  await linkage.destroy('r-gone');
  expect(descriptorsOf('r-gone')).toEqual([]);
  await expect(linkage.put('r-gone', 'b', level(1))).rejects.toMatchObject({ code: 'round_not_open' });
});
