/**
 * The tests `npm run mutate` runs against each mutant: the unit tests of the code under
 * mutation (the core; the scheduler's tests of its schedule maths and its tick; the use
 * cases; the stores and their contract; the anonymity scans of the files) and the real
 * rules from content. Not the browser, adapter end-to-end or fault suites, nor the tests
 * that kill child processes (their children run the code unmutated anyway), and not the
 * calibration simulation (a statistical check of the content's thresholds, seconds per
 * run): a mutant those alone would notice is a unit test still missing. The file list
 * lives here rather than in Stryker's `testFiles`, which makes Stryker 9.6.1 activate
 * module-level mutants after the module has loaded (stryker-js issue 6144), so they would
 * survive whatever the tests say.
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
      'tests/scheduler/tick.test.ts',
      'tests/app/**/*.test.ts',
      'tests/store/**/*.test.ts',
      'tests/anonymity/forensics.test.ts',
      'tests/anonymity/backup-while-open.test.ts',
    ],
    exclude: ['tests/store/durability.test.ts'],
  },
});
