import { describe, expect, it } from 'vitest';
import { USER_ROLES } from '../identity/schemas.ts';
import { authorizeCertificates, CERTIFICATE_ACTIONS, canSeeCertificates } from './policy.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
const OTHER_TENANT = '00000000-0000-4000-8000-000000000002';

// Role × action × own tenant or another.
describe('deletion certificate policy', () => {
  for (const role of USER_ROLES)
    it(`${role}`, () => {
      for (const tenantId of [TENANT, OTHER_TENANT])
        for (const action of CERTIFICATE_ACTIONS)
          expect(canSeeCertificates({ id: 'me', tenantId, role }, action, { tenantId: TENANT })).toBe(
            (role === 'admin' || role === 'auditor') && tenantId === TENANT,
          );
    });

  it('refuses with its own code', () => {
    expect(() =>
      authorizeCertificates({ id: 'x', tenantId: TENANT, role: 'threat_manager' }, 'list', {
        tenantId: TENANT,
      }),
    ).toThrow(expect.objectContaining({ status: 403, code: 'certificates_not_allowed' }));
  });
});
