import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One throwaway PostgreSQL server for the run (the PostgreSQL store's tests).
    globalSetup: ['tests/setup/postgres.ts'],
  },
});
