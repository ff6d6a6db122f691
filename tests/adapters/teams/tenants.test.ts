import { describe, expect, it } from 'vitest';
import { hostTenants, ownTenant, tenantAllowed } from '../../../src/adapters/teams/tenants.ts';

const A = '3fee1829-7ae5-45d0-a29d-0c924adb25f1';
const B = '0f8276ea-111b-46af-9512-79ce81d5dea1';

describe('tenant gate', () => {
  it('allows an activity whose host tenant is listed, in any letter case', () => {
    expect(tenantAllowed([A], { conversation: { tenantId: A.toUpperCase() }, channelData: { tenant: { id: A } } })).toBe(true);
    expect(tenantAllowed([A, B], { channelData: { tenant: { id: B } } })).toBe(true);
  });

  it('refuses another tenant, a mix of tenants, and an activity that names none', () => {
    expect(tenantAllowed([A], { conversation: { tenantId: B } })).toBe(false);
    expect(tenantAllowed([A], { conversation: { tenantId: A }, channelData: { tenant: { id: B } } })).toBe(false);
    expect(tenantAllowed([A], { conversation: {} })).toBe(false);
    expect(tenantAllowed([], { conversation: { tenantId: A } })).toBe(false);
  });

  it('allows everything with *', () => {
    expect(tenantAllowed('*', { conversation: {} })).toBe(true);
    expect(tenantAllowed('*', { conversation: { tenantId: B } })).toBe(true);
  });

  it('reads every tenant the activity names as host, once', () => {
    expect(hostTenants({ conversation: { tenantId: A }, channelData: { tenant: { id: A.toUpperCase() } } })).toEqual([A]);
    expect(hostTenants({ conversation: { tenantId: 42 }, channelData: null })).toEqual([]);
  });
});

describe('own tenant', () => {
  it("is the first tenant among the account's membership sources", () => {
    expect(ownTenant({ membershipSources: [{ sourceType: 'team' }, { tenantId: B }, { tenantId: A }] })).toBe(B);
  });

  it('is unknown without sources or with malformed ones', () => {
    expect(ownTenant({})).toBeUndefined();
    expect(ownTenant(undefined)).toBeUndefined();
    expect(ownTenant({ membershipSources: 'x' })).toBeUndefined();
    expect(ownTenant({ membershipSources: [null, { tenantId: '' }] })).toBeUndefined();
  });
});
