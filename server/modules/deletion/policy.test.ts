import { describe, expect, it } from 'vitest';
import { USER_ROLES } from '../identity/schemas.ts';
import { authorizeDeletion, canDelete, DELETION_ACTIONS, serializeDeletion } from './policy.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
const OTHER_TENANT = '00000000-0000-4000-8000-000000000002';

// Role × action × own request or another's × own tenant or another.
describe('deletion policy', () => {
  for (const role of USER_ROLES)
    it(`${role}`, () => {
      for (const tenantId of [TENANT, OTHER_TENANT])
        for (const requestedBy of ['me', 'someone-else', null]) {
          const actor = { id: 'me', tenantId, role };
          const subject = { tenantId: TENANT, requestedBy };
          const admin = role === 'admin' && tenantId === TENANT;
          for (const action of DELETION_ACTIONS)
            expect(canDelete(actor, action, subject), `${action}, ${tenantId}, ${requestedBy}`).toBe(
              action === 'approve' ? admin && requestedBy !== 'me' : admin,
            );
        }
    });

  it('tells the requester why they cannot approve, and everyone else that only admins delete', () => {
    const subject = { tenantId: TENANT, requestedBy: 'me' };
    expect(() =>
      authorizeDeletion({ id: 'me', tenantId: TENANT, role: 'admin' }, 'approve', subject),
    ).toThrow(expect.objectContaining({ status: 403, code: 'deletion_approval_by_requester' }));
    expect(() =>
      authorizeDeletion({ id: 'x', tenantId: TENANT, role: 'threat_manager' }, 'request', subject),
    ).toThrow(expect.objectContaining({ status: 403, code: 'deletion_not_allowed' }));
    expect(serializeDeletion({ id: 'other', tenantId: TENANT, role: 'admin' }, subject)).toMatchObject({
      approve: true,
      request: true,
    });
  });
});
