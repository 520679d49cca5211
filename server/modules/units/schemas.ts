import { type Static, Type } from 'typebox';
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
