import { describe, expect, it } from 'vitest';
import { claimValues, domainAllowed, emailOf, mapRole, providerDidMfa } from './claims.ts';

describe('mapping identity provider claims', () => {
  const mapping = [
    { value: 'tma-admins', role: 'admin' as const },
    { value: 'tma-team', role: 'threat_manager' as const },
  ];
  it('takes the first mapped value in the admin’s order, then the default, else refuses', () => {
    expect(mapRole(['tma-team', 'tma-admins'], mapping, null)).toBe('admin');
    expect(mapRole(['tma-team'], mapping, 'auditor')).toBe('threat_manager');
    expect(mapRole(['staff'], mapping, 'expert')).toBe('expert');
    expect(mapRole([], mapping, null)).toBeUndefined();
  });
  it('reads string and list claims, and nothing else', () => {
    expect(claimValues({ roles: 'a' }, 'roles')).toEqual(['a']);
    expect(claimValues({ groups: ['a', 1, 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(claimValues({ groups: { a: 1 } }, 'groups')).toEqual([]);
  });
  it('trusts the provider’s MFA only when amr says "mfa"', () => {
    expect(providerDidMfa({ amr: ['pwd', 'mfa'] })).toBe(true);
    expect(providerDidMfa({ amr: ['hwk'] })).toBe(false);
    expect(providerDidMfa({})).toBe(false);
  });
  it('needs a usable e-mail address, not one the provider marks unverified, from an allowed domain', () => {
    expect(emailOf({ email: ' Ada@Acme.Example ' })).toEqual({ email: 'ada@acme.example' });
    expect(emailOf({ email: 'ada@acme.example', email_verified: false })).toEqual({
      refusal: 'email_unverified',
    });
    expect(emailOf({})).toEqual({ refusal: 'no_email' });
    expect(domainAllowed('ada@acme.example', [])).toBe(true);
    expect(domainAllowed('ada@acme.example', ['acme.example'])).toBe(true);
    expect(domainAllowed('ada@sub.acme.example', ['acme.example'])).toBe(false);
  });
});
