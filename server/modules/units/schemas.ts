import { type Static, Type } from 'typebox';
import { ExpertSpecialty, UserRole } from '../identity/schemas.ts';
import { UserStatusSchema } from '../identity/user-admin-schemas.ts';
import { TenantName, TenantSlug } from '../tenants/schemas.ts';

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const UnitId = Type.String({ pattern: uuid });

export const Unit = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    slug: TenantSlug,
    name: TenantName,
    parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Unit' },
);
export type Unit = Static<typeof Unit>;

export const UnitList = Type.Object({ units: Type.Array(Unit) }, { title: 'UnitList' });

export const NewUnit = Type.Object(
  { slug: TenantSlug, name: TenantName, parentId: Type.Optional(Type.Union([UnitId, Type.Null()])) },
  { title: 'NewUnit', additionalProperties: false },
);
export type NewUnit = Static<typeof NewUnit>;

export const UnitRename = Type.Object(
  { name: TenantName },
  { title: 'UnitRename', additionalProperties: false },
);

export const UserUnits = Type.Object(
  { unitIds: Type.Array(UnitId, { maxItems: 1000, uniqueItems: true }) },
  { title: 'UserUnits', additionalProperties: false },
);
export type UserUnits = Static<typeof UserUnits>;

export const IdParam = Type.Object({ id: UnitId });

const Person = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() });
export const OnDutyRoster = Type.Object(
  {
    unitId: Type.String({ format: 'uuid' }),
    onDuty: Type.Array(Person),
    candidates: Type.Array(Person),
    canChange: Type.Boolean(),
  },
  { title: 'OnDutyRoster' },
);
export const OnDutyUpdate = Type.Object(
  { userIds: Type.Array(UnitId, { maxItems: 200, uniqueItems: true }) },
  { title: 'OnDutyUpdate', additionalProperties: false },
);

export const UnitMove = Type.Object(
  { parentId: Type.Union([UnitId, Type.Null()]) },
  {
    title: 'UnitMove',
    additionalProperties: false,
    description: 'The new parent, a top-level unit; null makes the unit top-level.',
  },
);

/** A unit on the admins' Units page. */
export const UnitSummary = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    slug: TenantSlug,
    name: TenantName,
    parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    memberCount: Type.Integer({ minimum: 0 }),
    /** Threat managers on duty (empty: every threat manager of the unit is told of new reports). */
    onDuty: Type.Array(Person),
    /** The reporting portal's link for this unit, below the server's address: `/report/<tenant>/<unit>`. */
    portalPath: Type.String(),
  },
  { title: 'UnitSummary' },
);

export const UnitOverview = Type.Object(
  {
    /** The portal's general link, where the reporter chooses the unit. */
    portalPath: Type.String(),
    units: Type.Array(UnitSummary),
    can: Type.Object(
      { create: Type.Boolean(), rename: Type.Boolean(), move: Type.Boolean() },
      { title: 'UnitCan' },
    ),
  },
  { title: 'UnitOverview' },
);
export type UnitOverview = Static<typeof UnitOverview>;

export const UnitMember = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    displayName: Type.String(),
    email: Type.String(),
    role: UserRole,
    specialty: Type.Union([ExpertSpecialty, Type.Null()]),
    tenantWide: Type.Boolean(),
    status: UserStatusSchema,
  },
  { title: 'UnitMember' },
);

export const UnitMemberList = Type.Object(
  { unitId: Type.String({ format: 'uuid' }), members: Type.Array(UnitMember) },
  { title: 'UnitMemberList' },
);
export type UnitMemberList = Static<typeof UnitMemberList>;
