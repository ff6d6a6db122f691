/**
 * The bot's own token through the client credentials grant, against the local
 * stand-in for Microsoft's token endpoint: what is sent, how long a token is kept,
 * and what a refusal says (never the secret).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCredentialsToken, TokenRequestError } from '../../../src/adapters/teams/bot-token.ts';
import { startFakeIdentity, type FakeIdentity } from '../../fixtures/teams/fake-identity.ts';

const APP_ID = '9b1c4f3e-5a2d-4e7f-8c6b-0d1e2f3a4b5c';
const SECRET = 'very-secret-value';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SCOPE = 'https://api.botframework.com/.default';

describe('client credentials token', () => {
  let identity: FakeIdentity;
  beforeAll(async () => {
    identity = await startFakeIdentity({ appId: APP_ID, appSecret: SECRET, tenants: [TENANT, 'botframework.com'], tokenLifetimeSeconds: 3600 });
  });
  afterAll(() => identity.close());

  const factory = (overrides: { secret?: string; now?: () => number } = {}) =>
    clientCredentialsToken({ loginEndpoint: identity.url, clientId: APP_ID, clientSecret: overrides.secret ?? SECRET, defaultTenant: 'botframework.com', now: overrides.now });

  it('asks the tenant token endpoint with the client credentials grant and keeps the token until 5 minutes before expiry', async () => {
    let now = Date.parse('2026-03-03T09:00:00Z');
    const token = factory({ now: () => now });
    const before = identity.tokenRequests.length;
    const first = await token(SCOPE, TENANT);
    expect(first).toBe(identity.issued.at(-1));
    expect(identity.tokenRequests.slice(before)).toEqual([{ tenant: TENANT, grantType: 'client_credentials', clientId: APP_ID, scope: SCOPE, secretMatched: true, status: 200 }]);

    now += 54 * 60_000; // 54 minutes: still kept
    expect(await token(SCOPE, TENANT)).toBe(first);
    expect(identity.tokenRequests.length).toBe(before + 1);

    now += 2 * 60_000; // 56 minutes: within 5 minutes of expiry, renewed
    const second = await token(SCOPE, TENANT);
    expect(second).not.toBe(first);
    expect(identity.tokenRequests.length).toBe(before + 2);
  });

  it('keeps one token per tenant and scope, and uses the default tenant when none is given', async () => {
    const token = factory();
    const before = identity.tokenRequests.length;
    const own = await token(SCOPE, TENANT);
    const fallback = await token([SCOPE]);
    expect(own).not.toBe(fallback);
    expect(identity.tokenRequests.slice(before).map((r) => r.tenant)).toEqual([TENANT, 'botframework.com']);
    expect(await token(SCOPE, TENANT)).toBe(own);
    expect(await token(SCOPE, '')).toBe(fallback);
    expect(identity.tokenRequests.length).toBe(before + 2);
  });

  it('sends concurrent callers one request', async () => {
    const token = factory();
    const before = identity.tokenRequests.length;
    const tokens = await Promise.all(Array.from({ length: 8 }, () => token(SCOPE, TENANT)));
    expect(new Set(tokens).size).toBe(1);
    expect(identity.tokenRequests.length).toBe(before + 1);
  });

  it('reports a refused secret with its OAuth and AADSTS codes, never the secret, and keeps nothing', async () => {
    const wrong = 'the-wrong-secret-123';
    const token = factory({ secret: wrong });
    const error = await token(SCOPE, TENANT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_client' });
    expect((error as Error).message).toContain('AADSTS7000215');
    expect((error as Error).message).not.toContain(wrong);
    // Not cached: the next call asks again.
    const before = identity.tokenRequests.length;
    await token(SCOPE, TENANT).catch(() => undefined);
    expect(identity.tokenRequests.length).toBe(before + 1);
  });

  it('reports an unknown tenant', async () => {
    const error = await factory()(SCOPE, '00000000-0000-4000-8000-00000000dead').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request' });
    expect((error as Error).message).toContain('AADSTS90002');
  });
});
