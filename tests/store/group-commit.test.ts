/**
 * The group commit queue on its own, with a committer that records what it was given:
 * writes issued together are committed together, each caller gets its own outcome, a
 * failed batch fails every write in it and nothing else, and a full queue refuses with
 * `busy` at once instead of growing.
 */
import { describe, expect, it } from 'vitest';
import { GroupCommit, type Outcome } from '../../src/store/group-commit.ts';

const code = (error: unknown): unknown => (error as { code?: unknown }).code;
const settled = <T>(promises: Promise<T>[]) => Promise.allSettled(promises);

describe('group commit', () => {
  it('commits writes issued in the same turn as one batch, and a lone write without delay', async () => {
    const batches: number[][] = [];
    const queue = new GroupCommit<number, number>((batch) => {
      batches.push(batch);
      return batch.map((n) => ({ ok: true, value: n * 10 }));
    });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => queue.submit(i)));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i * 10));
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(50);

    const started = performance.now();
    expect(await queue.submit(7)).toBe(70);
    expect(performance.now() - started).toBeLessThan(50);
    expect(batches).toHaveLength(2);
    expect(queue.stats).toMatchObject({ batches: 2, writes: 51 });
  });

  it('collects what arrives while a batch is being committed into the next batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const queue = new GroupCommit<number, number>(async (batch) => {
      batches.push(batch);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return batch.map((n) => ({ ok: true, value: n }));
    });
    const first = queue.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    // The first batch is under way: these wait for it and then go together.
    const later = [2, 3, 4].map((n) => queue.submit(n));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batches).toEqual([[1]]);
    expect(queue.pending).toBe(4);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('gives each write its own outcome: a refused write fails alone', async () => {
    const queue = new GroupCommit<number, number>((batch) =>
      batch.map((n): Outcome<number> => (n % 2 === 0 ? { ok: true, value: n } : { ok: false, error: Object.assign(new Error('odd'), { code: 'odd' }) })),
    );
    const results = await settled([1, 2, 3, 4].map((n) => queue.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [code(r.reason)] : []))).toEqual(['odd', 'odd']);
  });

  it('fails every write of a batch whose commit failed, and none of the next batch', async () => {
    let calls = 0;
    const queue = new GroupCommit<number, number>((batch) => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
      return batch.map((n) => ({ ok: true, value: n }));
    });
    const failed = await settled([1, 2, 3].map((n) => queue.submit(n)));
    expect(failed.every((r) => r.status === 'rejected' && code(r.reason) === 'SQLITE_IOERR')).toBe(true);
    expect(await queue.submit(4)).toBe(4);
  });

  it('refuses with busy, at once, a write that would overfill the queue, and takes writes again once it drains', async () => {
    let release: () => void = () => undefined;
    const queue = new GroupCommit<number, number>(
      async (batch) => {
        await new Promise<void>((resolve) => (release = resolve));
        return batch.map((n) => ({ ok: true, value: n }));
      },
      { maxPending: 3 },
    );
    const accepted = [1, 2, 3].map((n) => queue.submit(n));
    const started = performance.now();
    await expect(queue.submit(4)).rejects.toMatchObject({ code: 'busy' });
    expect(performance.now() - started).toBeLessThan(50);
    expect(queue.stats.refused).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await Promise.all(accepted)).toEqual([1, 2, 3]);
    await queue.drained();
    const again = queue.submit(5);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await again).toBe(5);
  });

  it('limits a batch to maxBatch writes; the rest follow in the next', async () => {
    const sizes: number[] = [];
    const queue = new GroupCommit<number, number>(
      (batch) => {
        sizes.push(batch.length);
        return batch.map((n) => ({ ok: true, value: n }));
      },
      { maxBatch: 4 },
    );
    await Promise.all(Array.from({ length: 10 }, (_, i) => queue.submit(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });
});
