/**
 * The tests `npm run mutate` runs against each mutant: the unit tests of the code under
 * mutation — the core; the scheduler's tests of its schedule maths; the use-case tests of
 * answering, the token and the close procedure (with the early-close margin, recovery
 * after a crash and the anonymity checks of the use cases); the stores, their contract
 * and the linkage files — and the real rules from content. Not the browser, adapter
 * end-to-end or fault suites, not the use-case suites of other commands (joining, setup,
 * pages, reports), not the scheduler's tick or the raw file scans (seconds per run, and
 * the tick's child processes run the code unmutated anyway), and not the calibration
 * simulation: a mutant those alone would notice is a unit test still missing. Narrow on
 * purpose — each close-procedure mutant runs every test here that closes a round, and
 * two shared cores must finish a full run in well under an hour.
 *
 * The file list lives here rather than in Stryker's `testFiles`, which makes Stryker
 * 9.6.1 activate module-level mutants after the module has loaded (stryker-js issue
 * 6144), so they would survive whatever the tests say.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// Spread, not mergeConfig: that would add these patterns to the base's instead of replacing them.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'tests/core/**/*.test.ts',
      'tests/content/rules-fire.test.ts',
      'tests/scheduler/schedule.test.ts',
      ...['answers', 'answer-reads', 'agreements', 'tokens', 'close-round', 'close-margin', 'recovery', 'anonymity', 'bad-input', 'flow'].map((name) => `tests/app/${name}.test.ts`),
      'tests/store/**/*.test.ts',
    ],
    // The PostgreSQL store is not mutated: its tests (and the server they need) stay out.
    exclude: ['tests/store/durability.test.ts', 'tests/store/migrations.test.ts', 'tests/store/upgrade.test.ts', 'tests/store/contract/postgres.test.ts', 'tests/store/postgres-schema.test.ts', 'tests/store/migrate-store.test.ts'],
    globalSetup: [],
  },
});
