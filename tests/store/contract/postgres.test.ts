/**
 * The store contracts against the PostgreSQL adapters: the archive on a fresh database
 * of the test run's server, and the linkage's unlogged tables; every `open()` of the
 * linkage factory is another pool on the same database, as another replica would be.
 */
import type { LinkageStore } from '../../../src/core/linkage-port.ts';
import type { Store } from '../../../src/core/store-port.ts';
import { openPool, openPostgresArchive } from '../../../src/store/postgres/index.ts';
import { openPostgresLinkage } from '../../../src/store/postgres-linkage/index.ts';
import { createDatabase, describePostgres } from '../../helpers/postgres.ts';
import type { ClusterInfo } from '../../fixtures/postgres/cluster.ts';
import { describeArchiveContract } from './archive-contract.ts';
import { describeLinkageContract } from './linkage-contract.ts';

function onFreshDatabase<T extends { close(): Promise<void> }>(server: ClusterInfo, open: (url: string) => Promise<T>) {
  return () => {
    let database: Promise<Awaited<ReturnType<typeof createDatabase>>> | undefined;
    const opened: T[] = [];
    return {
      open: async () => {
        database ??= createDatabase(server);
        const store = await open((await database).url);
        opened.push(store);
        return store;
      },
      async cleanup() {
        for (const store of opened) await store.close();
        if (database) await (await database).drop();
      },
    };
  };
}

describePostgres('PostgreSQL', (server) => {
  describeArchiveContract('PostgreSQL', onFreshDatabase<Store>(server, async (url) => (await openPostgresArchive(url, { poolSize: 4 })).store));
  describeLinkageContract(
    'PostgreSQL unlogged tables per round',
    onFreshDatabase<LinkageStore>(server, (url) => openPostgresLinkage(openPool(url, { poolSize: 4 }), { archiveId: 'contract', ownsPool: true })),
  );
});
