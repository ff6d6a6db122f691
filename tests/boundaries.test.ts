/**
 * Who may import what: production code (src/) never imports the tests or the shared
 * fixtures, and the benchmark (bench/) never imports the tests — what both need lives in
 * fixtures/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|js|mjs)$/.test(f))
    .map((f) => join(ROOT, dir, f));
}

/** Every module a file imports, resolved to a path relative to the project root. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => relative(ROOT, resolve(file, '..', m[1] ?? '')));
}

function offenders(dir: string, forbidden: RegExp): string[] {
  return sources(dir).flatMap((file) => importsOf(file).filter((target) => forbidden.test(target)).map((target) => `${relative(ROOT, file)} → ${target}`));
}

it('keeps production code free of the tests and the fixtures', () => {
  expect(sources('src').length).toBeGreaterThan(50);
  expect(offenders('src', /^(tests|fixtures|bench)\//)).toEqual([]);
});

it('keeps the benchmark free of the tests', () => {
  expect(sources('bench').length).toBeGreaterThan(3);
  expect(offenders('bench', /^tests\//)).toEqual([]);
});

it('sees a forbidden import where there is one', () => {
  // The check itself: the tests' own helpers do import the fixtures.
  expect(offenders('tests/fixtures', /^fixtures\//).length).toBeGreaterThan(0);
});
