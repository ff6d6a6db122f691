/**
 * Scanning a database's files for bytes that must not be there. SQLite stores text as
 * UTF-8, so a string is searched as its UTF-8 bytes; secrets are searched raw and in
 * their common text encodings.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function databaseBytes(path: string): Buffer {
  const parts = [path, `${path}-wal`, `${path}-shm`, `${path}-journal`].filter((p) => existsSync(p)).map((p) => readFileSync(p));
  return Buffer.concat(parts);
}

/** Every needle (string or bytes) found in the files, as printable names. */
export function findInDatabase(path: string, needles: (string | Uint8Array)[]): string[] {
  return findIn(databaseBytes(path), needles);
}

/** Every needle (string or bytes) found in the haystack, as printable names. */
export function findIn(haystack: Buffer, needles: (string | Uint8Array)[]): string[] {
  const found: string[] = [];
  for (const needle of needles) {
    const forms: Buffer[] =
      typeof needle === 'string'
        ? [Buffer.from(needle, 'utf8')]
        : [Buffer.from(needle), Buffer.from(Buffer.from(needle).toString('hex')), Buffer.from(Buffer.from(needle).toString('base64')), Buffer.from(Buffer.from(needle).toString('base64url'))];
    if (forms.some((form) => haystack.includes(form))) found.push(typeof needle === 'string' ? needle : `bytes:${Buffer.from(needle).toString('hex').slice(0, 16)}…`);
  }
  return found;
}

/** Spearman's rank correlation between two orderings of the same distinct items. */
export function rankCorrelation<T>(a: readonly T[], b: readonly T[]): number {
  const n = a.length;
  if (n < 2) return 0;
  const rank = new Map(b.map((item, i) => [item, i]));
  let d2 = 0;
  a.forEach((item, i) => {
    const j = rank.get(item);
    if (j === undefined) throw new Error('orderings differ');
    d2 += (i - j) ** 2;
  });
  return 1 - (6 * d2) / (n * (n * n - 1));
}

/** Every file's bytes in a directory (the linkage directory), or nothing when it is gone. */
export function directoryBytes(dir: string): Buffer {
  if (!existsSync(dir)) return Buffer.alloc(0);
  return Buffer.concat(readdirSync(dir).map((name) => join(dir, name)).filter((p) => statSync(p).isFile()).map((p) => readFileSync(p)));
}

/** Every needle found in any file of a directory, as printable names. */
export function findInDirectory(dir: string, needles: (string | Uint8Array)[]): string[] {
  return findIn(directoryBytes(dir), needles);
}
