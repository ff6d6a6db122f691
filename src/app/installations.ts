/**
 * Platform installations (a Slack app installed in many workspaces through OAuth): the
 * platform adapter hands over what the platform gave it as text; it is sealed before it
 * reaches the store (secret-box.ts) and opened when the adapter needs a workspace's token.
 * An installation the bot cannot open (sealed under another SECRETS_KEY, or changed) is
 * treated as absent and logged, naming the variable to check.
 */
import type { Platform } from '../core/network.ts';
import type { AppContext } from './context.ts';
import { isSealed, seal, unseal, UnsealError } from './secret-box.ts';

export interface InstallationUseCases {
  saveInstallation(platform: Platform, key: string, data: string): Promise<void>;
  /** The installation as saved; undefined when there is none or it cannot be opened. */
  installation(platform: Platform, key: string): Promise<string | undefined>;
  /** False when there was none. */
  removeInstallation(platform: Platform, key: string): Promise<boolean>;
}

export function createInstallationUseCases(ctx: AppContext): InstallationUseCases {
  const { store, log } = ctx;
  const where = (platform: Platform, key: string): string => `installation:${platform}:${key}`;
  return {
    async saveInstallation(platform, key, data) {
      await store.installations.save({ platform, key, sealed: seal(ctx.installationKey, data, where(platform, key)) });
      log.info('installation saved', { platform, encrypted: Boolean(ctx.installationKey) });
    },
    async installation(platform, key) {
      const record = await store.installations.find(platform, key);
      if (!record) return undefined;
      try {
        const data = unseal(ctx.installationKey, record.sealed, where(platform, key));
        if (ctx.installationKey && !isSealed(record.sealed)) {
          // Stored before SECRETS_KEY was set: sealed now.
          await store.installations.save({ platform, key, sealed: seal(ctx.installationKey, data, where(platform, key)) });
        }
        return data;
      } catch (error) {
        if (!(error instanceof UnsealError)) throw error;
        log.error('installation cannot be opened; check SECRETS_KEY (it must be the key it was stored with)', { platform, reason: error.reason });
        return undefined;
      }
    },
    async removeInstallation(platform, key) {
      const removed = await store.installations.remove(platform, key);
      log.info('installation removed', { platform, removed });
      return removed;
    },
  };
}
