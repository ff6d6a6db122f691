/**
 * The linkage store's behaviour, as every adapter of the linkage port must show it. Run
 * once per adapter with a factory whose `open()` may be called more than once: every
 * call opens another instance on the same storage, as a second process would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/core/answer.ts';
import type { LinkageStore } from '../../../src/core/linkage-port.ts';

export interface LinkageFactory {
  /** Another instance on the same (initially empty) storage. */
  open(): Promise<LinkageStore>;
  cleanup(): Promise<void>;
}

const secretOf = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const code = (error: unknown): unknown => (error as { code?: unknown }).code;

async function rejectsWith(promise: Promise<unknown>, expected: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(code(error)).toBe(expected);
}

export function describeLinkageContract(adapter: string, factory: () => LinkageFactory): void {
  describe(`linkage contract: ${adapter}`, () => {
    let f: LinkageFactory;
    const fresh = async (): Promise<LinkageStore> => {
      f = factory();
      return f.open();
    };
    afterEach(() => f?.cleanup());

    it('creates a round once: a second create keeps the secret in force', async () => {
      const linkage = await fresh();
      expect(await linkage.secret('r1')).toBeUndefined();
      expect(Buffer.from(await linkage.create('r1', secretOf(1)))).toEqual(Buffer.from(secretOf(1)));
      expect(Buffer.from(await linkage.create('r1', secretOf(2)))).toEqual(Buffer.from(secretOf(1)));
      expect(Buffer.from((await linkage.secret('r1'))!)).toEqual(Buffer.from(secretOf(1)));
      expect(await linkage.rounds()).toEqual(['r1']);
    });

    it('records, changes and withdraws an answer behind a token, one answer per token', async () => {
      const linkage = await fresh();
      await linkage.create('r1', secretOf(1));
      expect(await linkage.put('r1', 'tok-a', { kind: 'level', level: 2 })).toEqual({ answer: { level: 2, ratings: {} }, created: true, count: 1 });
      const form = { kind: 'form' as const, answer: { ratings: { ambition: 4 as const }, comment: 'Goed overleg', domain: 'education' as const } };
      // A form without a level keeps the current one.
      expect(await linkage.put('r1', 'tok-a', form)).toEqual({ answer: { level: 2, ratings: { ambition: 4 }, comment: 'Goed overleg', domain: 'education' }, created: false, count: 1 });
      // A click changes the level and keeps the rest.
      expect((await linkage.put('r1', 'tok-a', { kind: 'level', level: 4 })).answer).toEqual({ level: 4, ratings: { ambition: 4 }, comment: 'Goed overleg', domain: 'education' });
      // A form with a level replaces everything.
      expect((await linkage.put('r1', 'tok-a', { kind: 'form', answer: { level: 1, ratings: {} } })).answer).toEqual({ level: 1, ratings: {} });
      // The live count comes with each recorded answer.
      expect((await linkage.put('r1', 'tok-b', { kind: 'level', level: 3 })).count).toBe(2);
      expect(await linkage.count('r1')).toBe(2);
      expect(await linkage.get('r1', 'tok-a')).toEqual({ level: 1, ratings: {} });
      expect(await linkage.has('r1', 'tok-b')).toBe(true);
      expect(await linkage.withdraw('r1', 'tok-b')).toBe(true);
      expect(await linkage.withdraw('r1', 'tok-b')).toBe(false);
      expect(await linkage.has('r1', 'tok-b')).toBe(false);
      expect(await linkage.get('r1', 'tok-b')).toBeUndefined();
      expect(await linkage.count('r1')).toBe(1);
    });

    it('refuses a form without a level from someone without an answer, and stores nothing', async () => {
      const linkage = await fresh();
      await linkage.create('r1', secretOf(1));
      await rejectsWith(linkage.put('r1', 'tok-a', { kind: 'form', answer: { ratings: {}, comment: 'zonder stand' } }), 'level_out_of_range');
      expect(await linkage.count('r1')).toBe(0);
    });

    it('never creates a round by answering: without linkage every change is refused', async () => {
      const linkage = await fresh();
      await rejectsWith(linkage.put('gone', 'tok-a', { kind: 'level', level: 2 }), 'round_not_open');
      await rejectsWith(linkage.withdraw('gone', 'tok-a'), 'round_not_open');
      expect(await linkage.rounds()).toEqual([]);
      expect(await linkage.secret('gone')).toBeUndefined();
      expect(await linkage.count('gone')).toBe(0);
      expect(await linkage.has('gone', 'tok-a')).toBe(false);
      expect(await linkage.seal('gone')).toBeUndefined();
      expect(await linkage.sealed('gone')).toBe(false);
    });

    it('seals a round: every answer comes out without its token, and nothing changes after, also from another instance', async () => {
      const linkage = await fresh();
      const other = await f.open();
      await linkage.create('r1', secretOf(1));
      const given: Answer[] = [
        { level: 1, ratings: {} },
        { level: 4, ratings: { ambition: 2 }, comment: 'Spanning over geld' },
        { level: 3, ratings: {}, orgLevel: 'board' },
      ];
      for (const [i, answer] of given.entries()) await linkage.put('r1', `tok-${i}`, { kind: 'form', answer });
      // The other instance has the round open before the seal.
      expect(await other.count('r1')).toBe(3);
      const sealed = await linkage.seal('r1');
      const byLevel = (a: Answer, b: Answer) => a.level - b.level;
      expect(sealed?.sort(byLevel)).toEqual([...given].sort(byLevel));
      expect(JSON.stringify(sealed)).not.toContain('tok-');
      expect(await other.sealed('r1')).toBe(true);
      await rejectsWith(other.put('r1', 'tok-9', { kind: 'level', level: 2 }), 'round_not_open');
      await rejectsWith(linkage.put('r1', 'tok-0', { kind: 'level', level: 2 }), 'round_not_open');
      await rejectsWith(other.withdraw('r1', 'tok-1'), 'round_not_open');
      // Repeatable: a close finished after a crash gets the same answers.
      expect((await linkage.seal('r1'))?.sort(byLevel)).toEqual([...given].sort(byLevel));
    });

    it('guards a seal with the count at that moment: a refusal seals nothing, a sealed round is not asked again', async () => {
      const linkage = await fresh();
      await linkage.create('r1', secretOf(1));
      for (const token of ['t1', 't2', 't3']) await linkage.put('r1', token, { kind: 'level', level: 2 });
      const seen: number[] = [];
      const refuse = (n: number): void => {
        seen.push(n);
        throw Object.assign(new Error('thin margin'), { code: 'close_thin_margin' });
      };
      await rejectsWith(linkage.seal('r1', refuse), 'close_thin_margin');
      expect(seen).toEqual([3]);
      expect(await linkage.sealed('r1')).toBe(false);
      // Still open: a fourth answer is taken, and the guard sees it.
      await linkage.put('r1', 't4', { kind: 'level', level: 3 });
      const allow = (n: number): void => void seen.push(n);
      expect(await linkage.seal('r1', allow)).toHaveLength(4);
      expect(seen).toEqual([3, 4]);
      // A close finished after a crash seals again: its guard is not asked.
      expect(await linkage.seal('r1', refuse)).toHaveLength(4);
      expect(seen).toEqual([3, 4]);
    });

    it('destroys everything of a round, and a late answer cannot bring it back, also through another instance', async () => {
      const linkage = await fresh();
      const other = await f.open();
      await linkage.create('r1', secretOf(1));
      await linkage.create('r2', secretOf(2));
      await linkage.put('r1', 'tok-a', { kind: 'level', level: 2 });
      expect(await other.get('r1', 'tok-a')).toEqual({ level: 2, ratings: {} });
      await linkage.destroy('r1');
      await linkage.destroy('r1');
      expect(await linkage.rounds()).toEqual(['r2']);
      expect(await linkage.secret('r1')).toBeUndefined();
      await rejectsWith(other.put('r1', 'tok-b', { kind: 'level', level: 3 }), 'round_not_open');
      await rejectsWith(linkage.put('r1', 'tok-b', { kind: 'level', level: 3 }), 'round_not_open');
      expect(await other.get('r1', 'tok-a')).toBeUndefined();
      expect(await linkage.rounds()).toEqual(['r2']);
      expect(await linkage.count('r2')).toBe(0);
    });

    it('serves many open rounds at once', async () => {
      const linkage = await fresh();
      const ids = Array.from({ length: 120 }, (_, i) => `round${i}`);
      for (const id of ids) await linkage.create(id, secretOf(7));
      for (const [i, id] of ids.entries()) await linkage.put(id, 'tok', { kind: 'level', level: ((i % 4) + 1) as 1 | 2 | 3 | 4 });
      for (const [i, id] of ids.entries()) expect((await linkage.get(id, 'tok'))?.level).toBe((i % 4) + 1);
      expect(await linkage.rounds()).toEqual([...ids].sort());
    });
  });
}
