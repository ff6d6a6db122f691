// @ts-check
/**
 * Mutation testing (`npm run mutate`, not part of `npm test`): does a test fail when the
 * code that keeps answers anonymous or the advice right is changed? Stryker changes one
 * operator, condition or constant at a time and runs the tests that cover it; a change no
 * test notices (a survivor) is a test we still need.
 *
 * Scope: the pure core. Each mutant runs only the tests that executed its line in the
 * first (dry) run, taken from the unit and content tests below — never the end-to-end or
 * browser suites, so a full run stays within minutes on two shared cores.
 *
 * Equivalent mutants — changes no test can notice because the behaviour is the same —
 * are marked where they occur with `// Stryker disable next-line <mutator>: <why>`; they
 * count as ignored, not in the score. See the README (Mutation testing) for the scores.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // Which tests run: see vitest.mutation.config.ts.
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  mutate: ['src/core/**/*.ts'],
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
