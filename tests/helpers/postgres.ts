/**
 * The PostgreSQL server of this test run (tests/setup/postgres.ts) for a test file: a
 * fresh database per call. When there is no server, `postgres()` fails the file with
 * how to get one — unless THERMOMETER_SKIP_POSTGRES=1 asks to skip, which it says loudly.
 */
import { describe, inject } from 'vitest';
import { createDatabase, type ClusterInfo } from '../fixtures/postgres/cluster.ts';

const skipping = process.env.THERMOMETER_SKIP_POSTGRES === '1';

/** The server, or undefined when the PostgreSQL tests are skipped on purpose. */
export function postgres(): ClusterInfo | undefined {
  const state = inject('postgres');
  if (state.available) return { socketDir: state.socketDir, port: state.port };
  if (skipping) {
    process.stderr.write(`\n!!! SKIPPING PostgreSQL tests: ${state.reason}\n\n`);
    return undefined;
  }
  throw new Error(state.reason);
}

/** `describe`, or `describe.skip` when the PostgreSQL tests are skipped on purpose. */
export function describePostgres(name: string, body: (server: ClusterInfo) => void): void {
  const server = postgres();
  if (server) describe(name, () => body(server));
  else describe.skip(name, () => undefined);
}

export { createDatabase };
