/**
 * Bolt's installation store, backed by the bot's own database through the use cases
 * (which seal the tokens before they are stored). One installation per workspace (or
 * per Enterprise Grid organisation for an org-wide install), keyed `team:<id>` or
 * `enterprise:<id>`; the gateway asks it for a workspace's bot token.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { InstallationUseCases } from '../../app/use-cases.ts';

export const teamKey = (teamId: string): string => `team:${teamId}`;
const enterpriseKey = (enterpriseId: string): string => `enterprise:${enterpriseId}`;

function keyOf(installation: Installation): string | undefined {
  if (installation.isEnterpriseInstall && installation.enterprise?.id) return enterpriseKey(installation.enterprise.id);
  return installation.team?.id ? teamKey(installation.team.id) : undefined;
}

/** Where a query's installation is: the workspace's own, else its organisation's org-wide one. */
function keysOf(query: InstallationQuery<boolean>): string[] {
  const keys: string[] = [];
  if (query.isEnterpriseInstall && query.enterpriseId) return [enterpriseKey(query.enterpriseId)];
  if (query.teamId) keys.push(teamKey(query.teamId));
  if (query.enterpriseId) keys.push(enterpriseKey(query.enterpriseId));
  return keys;
}

export interface SlackInstallations extends InstallationStore {
  /** The bot token for a workspace, or undefined when the app is not installed there. */
  botToken(teamId: string): Promise<string | undefined>;
}

export function slackInstallationStore(installations: InstallationUseCases): SlackInstallations {
  const find = async (keys: readonly string[]): Promise<Installation | undefined> => {
    for (const key of keys) {
      const data = await installations.installation('slack', key);
      if (data) return JSON.parse(data) as Installation;
    }
    return undefined;
  };
  return {
    async storeInstallation(installation) {
      const key = keyOf(installation);
      if (!key) throw new Error('a Slack installation without a team or enterprise id');
      // The installer's own user token is of no use to the bot: it is not kept.
      const { user, ...rest } = installation as Installation;
      await installations.saveInstallation('slack', key, JSON.stringify({ ...rest, user: { id: user.id } }));
    },
    async fetchInstallation(query) {
      const found = await find(keysOf(query));
      if (!found) throw new Error('no installation for this workspace');
      return found;
    },
    async deleteInstallation(query) {
      for (const key of keysOf(query)) await installations.removeInstallation('slack', key);
    },
    async botToken(teamId) {
      return (await find([teamKey(teamId)]))?.bot?.token;
    },
  };
}
