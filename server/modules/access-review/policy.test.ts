// Who reviews access, as a matrix: role × active × API token × own account × other tenant, for every
// action. Only an active admin of the tenant, signed in (not a token), and never on their own access.
import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../db/schema-identity.ts';
import { Forbidden } from '../../errors.ts';
import {
  ACCESS_REVIEW_ACTIONS,
  type AccessReviewActor,
  authorizeAccessReview,
  canAccessReview,
} from './policy.ts';

const ROLES: UserRole[] = ['admin', 'threat_manager', 'expert', 'auditor'];
const TENANT = 't1';

describe('the access review policy', () => {
  for (const role of ROLES)
    for (const active of [true, false])
      for (const viaApiToken of [false, true])
        it(`${role}${active ? '' : ' (deactivated)'}${viaApiToken ? ' via an API token' : ''}`, () => {
          const actor: AccessReviewActor = { id: 'me', tenantId: TENANT, role, active, viaApiToken };
          const admin = role === 'admin' && active;
          for (const action of ACCESS_REVIEW_ACTIONS) {
            const onUser = action === 'confirm' || action === 'revoke';
            const other = { tenantId: TENANT, userId: onUser ? 'someone' : null };
            const expected = admin && (action === 'read' || !viaApiToken);
            expect(canAccessReview(actor, action, other), action).toBe(expected);
            // Never one's own access, never another tenant.
            if (onUser)
              expect(canAccessReview(actor, action, { tenantId: TENANT, userId: 'me' })).toBe(false);
            expect(canAccessReview(actor, action, { ...other, tenantId: 't2' })).toBe(false);
          }
        });

  it('says why: review_self for one’s own access, forbidden otherwise', () => {
    const admin: AccessReviewActor = {
      id: 'me',
      tenantId: TENANT,
      role: 'admin',
      active: true,
      viaApiToken: false,
    };
    expect(() => authorizeAccessReview(admin, 'confirm', { tenantId: TENANT, userId: 'me' })).toThrow(
      expect.objectContaining({ code: 'review_self' }),
    );
    const manager = { ...admin, role: 'threat_manager' as const };
    expect(() => authorizeAccessReview(manager, 'read', { tenantId: TENANT, userId: null })).toThrow(
      Forbidden,
    );
    expect(() =>
      authorizeAccessReview(admin, 'confirm', { tenantId: TENANT, userId: 'other' }),
    ).not.toThrow();
  });
});
