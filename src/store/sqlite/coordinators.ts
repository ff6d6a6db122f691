/** The coordinators of each network, per platform workspace. */
import type Database from 'better-sqlite3';
import type { Platform } from '../../core/network.ts';
import type { Coordinator, CoordinatorRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';
import { toCoordinator, type CoordinatorRow } from '../rows.ts';

export function coordinatorRepository(db: Database.Database): Sync<CoordinatorRepository> {
  const list = db.prepare<[string], CoordinatorRow>(
    'SELECT platform, workspace, user_id, name FROM coordinators WHERE network_id = ? ORDER BY platform, workspace, user_id',
  );
  const one = db.prepare<[string, string, string, string], { one: number }>(
    'SELECT 1 AS one FROM coordinators WHERE network_id = ? AND platform = ? AND workspace = ? AND user_id = ?',
  );
  const add = db.prepare<[string, string, string, string, string | null]>(
    `INSERT INTO coordinators (network_id, platform, workspace, user_id, name) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET name = COALESCE(excluded.name, name)`,
  );
  const clear = db.prepare<[string, string, string]>('DELETE FROM coordinators WHERE network_id = ? AND platform = ? AND workspace = ?');

  const insert = (networkId: string, c: Coordinator): void => {
    add.run(networkId, c.platform, c.workspace, c.user, c.name ?? null);
  };

  return {
    list: (networkId) => list.all(networkId).map(toCoordinator),
    includes: (networkId, u) => one.get(networkId, u.platform, u.workspace, u.user) !== undefined,
    add: insert,
    replace: db.transaction((networkId: string, platform: Platform, workspace: string, users: Coordinator[]) => {
      const names = new Map(list.all(networkId).filter((r) => r.platform === platform && r.workspace === workspace).map((r) => [r.user_id, r.name]));
      clear.run(networkId, platform, workspace);
      for (const u of users) {
        // Keep a known display name when the form only gave the id.
        const name = u.name ?? names.get(u.user) ?? undefined;
        insert(networkId, { platform, workspace, user: u.user, ...(name ? { name } : {}) });
      }
    }),
  };
}
