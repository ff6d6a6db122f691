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
  const admission = createAdmission(2);
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
