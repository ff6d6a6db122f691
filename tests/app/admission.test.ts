/**
 * The bound on answers recorded at once: refused past it with DomainError('busy'), a
 * slot freed when an answer finishes, whether it succeeded or failed.
 */
import { expect, it } from 'vitest';
import { createAdmission } from '../../src/app/admission.ts';
import { DomainError } from '../../src/core/errors.ts';

const deferred = () => {
  let resolve: (v: string) => void = () => undefined;
  let reject: (e: unknown) => void = () => undefined;
  const promise = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

it('refuses with busy past the bound, runs nothing refused, and frees a slot on success and on failure', async () => {
  const admission = createAdmission({ inFlight: 2, maxWaitMs: 1000 });
  const a = deferred();
  const b = deferred();
  const first = admission.run(() => a.promise);
  const second = admission.run(() => b.promise);
  expect(admission.inFlight()).toBe(2);
  let ran = false;
  await expect(
    admission.run(() => {
      ran = true;
      return Promise.resolve('x');
    }),
  ).rejects.toEqual(new DomainError('busy'));
  expect(ran).toBe(false);

  a.resolve('a');
  expect(await first).toBe('a');
  expect(admission.inFlight()).toBe(1);
  b.reject(new Error('store down'));
  await expect(second).rejects.toThrow('store down');
  expect(admission.inFlight()).toBe(0);
  expect(await Promise.all([admission.run(() => Promise.resolve('c')), admission.run(() => Promise.resolve('d'))])).toEqual(['c', 'd']);
});

it('refuses a click that waited longer than the bound since its request arrived, and admits one that did not', async () => {
  let now = 10_000;
  const admission = createAdmission({ inFlight: 10, maxWaitMs: 500 }, () => now);
  let ran = 0;
  const work = () => Promise.resolve((ran += 1));
  await expect(admission.run(work, now - 501)).rejects.toEqual(new DomainError('busy'));
  expect(await admission.run(work, now - 500)).toBe(1);
  expect(await admission.run(work)).toBe(2);
  now += 10_000;
  await expect(admission.run(work, 10_000)).rejects.toEqual(new DomainError('busy'));
  expect(ran).toBe(2);
  expect(admission.inFlight()).toBe(0);
});
