/**
 * Platform installations (Slack OAuth), as sealed text: the store never sees a token in
 * the clear when the bot has a secrets key (the use cases seal and open them).
 */
import type Database from 'better-sqlite3';
import type { Platform } from '../../core/network.ts';
import type { InstallationRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';

export function installationRepository(db: Database.Database): Sync<InstallationRepository> {
  const save = db.prepare<[string, string, string]>(
    'INSERT INTO installations (platform, install_key, sealed) VALUES (?, ?, ?) ON CONFLICT (platform, install_key) DO UPDATE SET sealed = excluded.sealed',
  );
  const find = db.prepare<[string, string], { platform: Platform; install_key: string; sealed: string }>(
    'SELECT platform, install_key, sealed FROM installations WHERE platform = ? AND install_key = ?',
  );
  const remove = db.prepare<[string, string]>('DELETE FROM installations WHERE platform = ? AND install_key = ?');
  return {
    save(record) {
      save.run(record.platform, record.key, record.sealed);
    },
    find(platform, key) {
      const row = find.get(platform, key);
      return row ? { platform: row.platform, key: row.install_key, sealed: row.sealed } : undefined;
    },
    remove: (platform, key) => remove.run(platform, key).changes > 0,
  };
}
