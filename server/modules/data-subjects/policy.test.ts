import { describe, expect, it } from 'vitest';
import type { ExpertSpecialty, UserRole } from '../../db/schema-identity.ts';
import { USER_ROLES } from '../identity/schemas.ts';
import {
  canDataSubjects,
  DATA_SUBJECT_ACTIONS,
  type DataSubjectActor,
  serializeDataSubjects,
} from './policy.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
const OTHER_TENANT = '00000000-0000-4000-8000-000000000002';
const SPECIALTIES: Array<ExpertSpecialty | null> = [null, 'data_protection', 'hr', 'compliance'];

const actor = (role: UserRole, specialty: ExpertSpecialty | null, extra: Partial<DataSubjectActor> = {}) => ({
  tenantId: TENANT,
  role,
  specialty: role === 'expert' ? specialty : null,
  active: true,
  viaApiToken: false,
  ...extra,
});

/** The rule as a table: what each kind of user may do with data subject requests. */
function expected(role: UserRole, specialty: ExpertSpecialty | null): Record<string, boolean> {
  const officer = role === 'expert' && specialty === 'data_protection';
  const admin = role === 'admin';
  return {
    search: officer || admin,
    export: officer || admin,
    export_names: officer,
    restrict: officer || admin,
  };
}

// Role × specialty × action, and never another tenant, a deactivated account or an API token.
describe('data subject policy', () => {
  for (const role of USER_ROLES)
    for (const specialty of role === 'expert' ? SPECIALTIES : [null])
      it(`${role}${specialty ? ` (${specialty})` : ''}`, () => {
        const subject = actor(role, specialty);
        expect(serializeDataSubjects(subject, TENANT)).toEqual(expected(role, specialty));
        for (const action of DATA_SUBJECT_ACTIONS) {
          expect(canDataSubjects(subject, action, OTHER_TENANT)).toBe(false);
          expect(canDataSubjects({ ...subject, active: false }, action, TENANT)).toBe(false);
          expect(canDataSubjects({ ...subject, viaApiToken: true }, action, TENANT)).toBe(false);
        }
      });

  it('gives tenant-wide threat managers nothing: they work the cases the request is about', () => {
    expect(Object.values(serializeDataSubjects(actor('threat_manager', null), TENANT))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
