/**
 * Vitest global setup: one throwaway PostgreSQL server for the whole test run (see
 * tests/fixtures/postgres/cluster.ts), stopped when the run ends. Without PostgreSQL on
 * the machine the run still starts; every PostgreSQL test then fails with the message
 * saying how to get one (or is skipped, loudly, with THERMOMETER_SKIP_POSTGRES=1).
 */
import type { TestProject } from 'vitest/node';
import { findBinaries, startCluster, type ClusterInfo } from '../fixtures/postgres/cluster.ts';

export type PostgresAvailability = ({ available: true } & ClusterInfo) | { available: false; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresAvailability;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const found = findBinaries();
  if ('missing' in found || process.env.THERMOMETER_SKIP_POSTGRES === '1') {
    const reason = 'missing' in found ? found.missing : 'THERMOMETER_SKIP_POSTGRES=1 is set.';
    // Said once at the start as well, before the files that need the server fail with it.
    process.stderr.write(`\n!!! PostgreSQL tests: ${reason}\n\n`);
    project.provide('postgres', { available: false, reason });
    return async () => undefined;
  }
  const cluster = await startCluster();
  project.provide('postgres', { available: true, socketDir: cluster.socketDir, port: cluster.port });
  return () => cluster.stop();
}
