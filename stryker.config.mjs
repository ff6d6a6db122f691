// @ts-check
import { readFileSync } from 'node:fs';

/**
 * `file:first-last`: the lines of the function or method whose first line starts with
 * `start` (after its indentation), up to the closing brace at that indentation. Throws
 * when there is no such function, so a rename cannot shrink the scope unnoticed.
 */
function span(file, start) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const first = lines.findIndex((line) => line.trimStart().startsWith(start));
  if (first === -1) throw new Error(`stryker.config.mjs: no "${start}" in ${file}`);
  const indent = /^\s*/.exec(lines[first] ?? '')?.[0] ?? '';
  const last = lines.findIndex((line, i) => i > first && /^\s*\}[;,]?$/.test(line) && line.startsWith(`${indent}}`));
  if (last === -1) throw new Error(`stryker.config.mjs: no end of "${start}" in ${file}`);
  return `${file}:${first + 1}-${last + 1}`;
}

/**
 * Mutation testing (`npm run mutate`, not part of `npm test`): does a test fail when the
 * code that keeps answers anonymous or the advice right is changed? Stryker changes one
 * operator, condition or constant at a time and runs the tests that cover it; a change no
 * test notices (a survivor) is a test we still need.
 *
 * Scope: the pure core, the participation token, recording answers, and the close
 * procedure (the use case, the archive's rounds and answers, the linkage files). Each
 * mutant runs only the tests that executed its line in the first (dry) run, taken from
 * the suites vitest.mutation.config.ts names — never the browser or end-to-end suites,
 * so a full run stays within minutes on two shared cores.
 *
 * Equivalent mutants — changes no test can notice because the behaviour is the same —
 * are marked where they occur with `// Stryker disable next-line <mutator>: <why>`; they
 * count as ignored, not in the score. See the README (Mutation testing) for the scores.
 * Where they are (`grep -rn "Stryker disable" src`), in short:
 * - count(*) and max() always return one row: the `?.` after `.get()` in the linkage
 *   files, the archive's answers and rounds, and the `at === undefined` after it;
 * - `JSON.parse(null)` is null as well (archive rounds, `result`);
 * - zeroing a file: one more turn at `at = size` writes nothing;
 * - a batch of linkage writes: every outcome index is assigned, whatever the array's
 *   initial length; a round file holds its state row from create on;
 * - the close use case: a round without its network is gone too, and a round that is
 *   not open is refused again inside the close itself;
 * - the group-difference rule reads domain or tier, which every shown result has (only
 *   the channel may be absent): the `?.` and `?? []` there;
 * - the shuffle: `i >= 0` only adds a swap of the first item with itself;
 * - the schedule: a formatter cache, literal parts never read, seconds that cancel out,
 *   a run due exactly now;
 * - statistics: no values give NaN with or without the early return;
 * - comments: a cap never reached, passes that change nothing;
 * - templates: loop bounds one past the end (nothing there), `?? ''` after a capture
 *   the regex always makes, and searching for '' instead of '{' (same braces, one step
 *   at a time);
 * - agreements: whitespace turned into one space per character is collapsed right
 *   after; a stand-in array element has no `shown`; a round not shown has no shown
 *   figures; `<`/`<=` and `>=`/`>` around a 1e-9 tolerance; 0 / 0 is NaN, never a share;
 * - answers: a count update after a changed answer would show the same count, paced.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // Which tests run: see vitest.mutation.config.ts.
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  mutate: [
    'src/core/**/*.ts',
    // Participation tokens and answering while a round is open.
    'src/app/tokens.ts',
    'src/app/answers.ts',
    // The close procedure, function by function, so opening and reminding (tested end to
    // end) do not double the run.
    span('src/app/rounds.ts', 'const closeAndPost ='),
    span('src/app/rounds.ts', 'async closeRoundNow('),
    span('src/app/rounds.ts', 'async closeRound('),
    'src/store/sqlite/rounds.ts',
    'src/store/sqlite/answers.ts',
    ...['get(', 'write(', 'count(', 'has(', 'seal(', 'sealed(', 'destroy(', 'private writable(', 'private configure('].map((name) => span('src/store/linkage/files.ts', name)),
    span('src/store/linkage/files.ts', 'function apply('),
    span('src/store/linkage/files.ts', 'function withCount('),
    span('src/store/linkage/files.ts', 'function refusedAlone('),
    span('src/store/linkage/files.ts', 'export function merge('),
    span('src/store/linkage/files.ts', 'function zeroFile('),
  ],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { reportMutants: false, reportTests: false, allowEmojis: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 95, low: 90, break: null },
};

export default config;
