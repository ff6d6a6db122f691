/**
 * The tests `npm run mutate` runs against each mutant: the unit tests of the code under
 * mutation (the core, and the scheduler's tests of its schedule maths) and the real
 * rules from content. Not the end-to-end, browser or fault suites
 * (minutes per run), and not the calibration simulation (a statistical check of the
 * content's thresholds, seconds per run): a mutant those alone would notice is a unit
 * test still missing. The file list lives here rather than in Stryker's `testFiles`,
 * which makes Stryker 9.6.1 activate module-level mutants after the module has loaded
 * (stryker-js issue 6144), so they would survive whatever the tests say.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// Spread, not mergeConfig: that would add these patterns to the base's instead of replacing them.
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['tests/core/**/*.test.ts', 'tests/content/rules-fire.test.ts', 'tests/scheduler/schedule.test.ts'] },
});
