/**
 * The bot's own access token for the Bot Connector, fetched with the OAuth 2.0 client
 * credentials grant from `<login endpoint>/<tenant>/oauth2/v2.0/token` — the request
 * Microsoft documents for bots calling the Connector — and kept until shortly before it
 * expires.
 *
 * Why not the SDK's own token manager: it asks MSAL, and MSAL (msal-node 5) only
 * accepts a login host it knows (or one Microsoft's instance discovery vouches for) over
 * https. So with TEAMS_LOGIN_ENDPOINT set, the SDK is given this function as its `token`
 * credential instead; without it the SDK uses MSAL as usual.
 */
import { z } from 'zod';

/** The SDK's custom token factory (`TokenCredentials['token']`). */
export type TokenFactory = (scope: string | string[], tenantId?: string) => Promise<string>;

export interface ClientCredentialsOptions {
  /** e.g. https://login.microsoftonline.com, without a trailing slash. */
  loginEndpoint: string;
  clientId: string;
  clientSecret: string;
  /** Tenant when the SDK passes none. */
  defaultTenant: string;
  /** Milliseconds since the epoch; tests pass a fake clock. */
  now?: () => number;
  /** A token is renewed this long before it expires. */
  renewBeforeMs?: number;
  timeoutMs?: number;
}

export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
  constructor(
    readonly status: number,
    /** The OAuth error code (`invalid_client`, …) when the service sent one. */
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const tokenResponse = z.object({
  token_type: z.string().regex(/^bearer$/i),
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
});

const errorResponse = z.looseObject({ error: z.string().max(100), error_codes: z.array(z.number()).optional() });

interface Cached {
  token: string;
  renewAt: number;
}

export function clientCredentialsToken(options: ClientCredentialsOptions): TokenFactory {
  const now = options.now ?? Date.now;
  const renewBeforeMs = options.renewBeforeMs ?? 5 * 60_000;
  const cache = new Map<string, Cached>();
  // Concurrent sends share one request instead of each asking for a token.
  const inFlight = new Map<string, Promise<string>>();

  async function request(scope: string, tenant: string): Promise<string> {
    const url = `${options.loginEndpoint}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      scope,
    });
    const started = now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const json: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      // The error code (e.g. invalid_client, AADSTS7000215) says what to fix; the body's
      // description is not repeated, the secret never is.
      const error = errorResponse.safeParse(json);
      const code = error.success ? error.data.error : undefined;
      const aadsts = error.success && error.data.error_codes?.length ? ` (AADSTS${error.data.error_codes[0]})` : '';
      throw new TokenRequestError(res.status, code, `token request for tenant ${tenant} failed with ${res.status}${code ? ` ${code}` : ''}${aadsts}`);
    }
    const parsed = tokenResponse.safeParse(json);
    if (!parsed.success) throw new TokenRequestError(res.status, undefined, `token response for tenant ${tenant} is not a bearer token`);
    const lifetime = parsed.data.expires_in * 1000;
    cache.set(`${tenant} ${scope}`, { token: parsed.data.access_token, renewAt: started + Math.max(lifetime - renewBeforeMs, lifetime / 2) });
    return parsed.data.access_token;
  }

  return async (scopes, tenantId) => {
    const scope = Array.isArray(scopes) ? scopes.join(' ') : scopes;
    const tenant = tenantId || options.defaultTenant;
    const key = `${tenant} ${scope}`;
    const cached = cache.get(key);
    if (cached && now() < cached.renewAt) return cached.token;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = request(scope, tenant).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
}
