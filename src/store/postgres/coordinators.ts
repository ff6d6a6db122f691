/** The coordinators of each network, per platform workspace. */
import type { Coordinator, CoordinatorRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';
import { toCoordinator, type CoordinatorRow } from '../rows.ts';

const list = (sql: Sql, networkId: string): Promise<CoordinatorRow[]> =>
  sql.rows<CoordinatorRow>('SELECT platform, workspace, user_id, name FROM coordinators WHERE network_id = $1 ORDER BY platform, workspace, user_id', [networkId]);

const insert = (sql: Sql, networkId: string, c: Coordinator): Promise<number> =>
  sql.run(
    `INSERT INTO coordinators (network_id, platform, workspace, user_id, name) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (network_id, platform, workspace, user_id) DO UPDATE SET name = COALESCE(excluded.name, coordinators.name)`,
    [networkId, c.platform, c.workspace, c.user, c.name ?? null],
  );

export function coordinatorRepository(sql: Sql): CoordinatorRepository {
  return {
    list: async (networkId) => (await list(sql, networkId)).map(toCoordinator),
    includes: async (networkId, u) =>
      (await sql.rows('SELECT 1 FROM coordinators WHERE network_id = $1 AND platform = $2 AND workspace = $3 AND user_id = $4', [networkId, u.platform, u.workspace, u.user]))
        .length > 0,
    async add(networkId, c) {
      await insert(sql, networkId, c);
    },
    replace: (networkId, platform, workspace, users) =>
      sql.atomic(async (tx) => {
        const names = new Map((await list(tx, networkId)).filter((r) => r.platform === platform && r.workspace === workspace).map((r) => [r.user_id, r.name]));
        await tx.run('DELETE FROM coordinators WHERE network_id = $1 AND platform = $2 AND workspace = $3', [networkId, platform, workspace]);
        for (const u of users) {
          // Keep a known display name when the form only gave the id.
          const name = u.name ?? names.get(u.user) ?? undefined;
          await insert(tx, networkId, { platform, workspace, user: u.user, ...(name ? { name } : {}) });
        }
      }),
  };
}
