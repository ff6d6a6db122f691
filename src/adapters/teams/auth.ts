/**
 * How the bot proves who it is to Microsoft and checks who is calling it, as options
 * for the Teams SDK's `App`:
 *
 * - the cloud environment (TEAMS_CLOUD, with TEAMS_LOGIN_ENDPOINT,
 *   TEAMS_OPENID_METADATA_URL and TEAMS_TOKEN_ISSUER over it). The SDK validates every
 *   inbound Bot Framework token against it: signature by a key from the key set next to
 *   the OpenID metadata URL, issuer, audience (the app id), expiry and the
 *   `serviceurl` claim against the activity's service URL;
 * - the credentials for the bot's own outgoing token: the client secret through MSAL,
 *   or, with the login endpoint overridden, the edge token client (bot-token.ts).
 *
 * Every value is passed explicitly, also when unset: the SDK otherwise falls back to
 * CLOUD, CLIENT_ID, CLIENT_SECRET and TENANT_ID from the environment, and a stray one
 * must never redirect where the bot authenticates.
 */
import { cloudFromName, withOverrides, type CloudEnvironment } from '@microsoft/teams.api';
import type { TeamsCloud } from '../../config.ts';
import { clientCredentialsToken, type TokenFactory } from './bot-token.ts';

export interface TeamsAuthSettings {
  appId: string;
  appPassword: string;
  tenantId?: string;
  cloud?: TeamsCloud;
  loginEndpoint?: string;
  openIdMetadataUrl?: string;
  tokenIssuer?: string;
}

/** The SDK options this module decides. */
export interface SdkAuthOptions {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  token?: TokenFactory;
  managedIdentityClientId: string;
  cloud: CloudEnvironment;
}

/** Microsoft's endpoints for a cloud, with the configured overrides applied. */
export function cloudEnvironment(settings: Pick<TeamsAuthSettings, 'cloud' | 'loginEndpoint' | 'openIdMetadataUrl' | 'tokenIssuer'>): CloudEnvironment {
  return withOverrides(cloudFromName(settings.cloud ?? 'public'), {
    loginEndpoint: settings.loginEndpoint,
    openIdMetadataUrl: settings.openIdMetadataUrl,
    tokenIssuer: settings.tokenIssuer,
  });
}

/** Options for an authenticated bot. */
export function authenticatedOptions(settings: TeamsAuthSettings): SdkAuthOptions {
  const cloud = cloudEnvironment(settings);
  const common = { clientId: settings.appId, tenantId: settings.tenantId ?? '', managedIdentityClientId: '', cloud };
  if (!settings.loginEndpoint) return { ...common, clientSecret: settings.appPassword };
  return {
    ...common,
    // Empty, so the SDK takes the token factory (it prefers a secret when it has one).
    clientSecret: '',
    token: clientCredentialsToken({
      loginEndpoint: cloud.loginEndpoint,
      clientId: settings.appId,
      clientSecret: settings.appPassword,
      defaultTenant: cloud.loginTenant,
    }),
  };
}

/** Options for local mode: no credentials at all, whatever the environment holds. */
export function unauthenticatedOptions(): SdkAuthOptions {
  return { clientId: '', clientSecret: '', tenantId: '', managedIdentityClientId: '', cloud: cloudEnvironment({}) };
}
