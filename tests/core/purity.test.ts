import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = new URL('../../src/core/', import.meta.url).pathname;
const FORBIDDEN_IMPORTS = [/^@slack\//, /^@microsoft\//, /^better-sqlite3$/, /^croner$/, /^node:fs/, /^node:http/, /^express$/, /^fs$/, /^http$/];

function coreFiles(): string[] {
  return readdirSync(CORE).filter((f) => f.endsWith('.ts')).map((f) => join(CORE, f));
}

describe('src/core stays pure', () => {
  it('imports no platform SDK, database, scheduler, file system or network module', () => {
    const offenders: string[] = [];
    for (const file of coreFiles()) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const spec = match[1] ?? '';
        if (FORBIDDEN_IMPORTS.some((re) => re.test(spec))) offenders.push(`${file}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('never reads the clock itself', () => {
    const offenders = coreFiles().filter((file) => /Date\.now\(|new Date\(\s*\)/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('has files to check', () => {
    expect(coreFiles().length).toBeGreaterThan(5);
  });
});
