import { type Static, Type } from 'typebox';

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export const ContentAccessSettings = Type.Object(
  {
    /** Admins read the content of every report and case; by default they see metadata only. */
    adminsReadContent: Type.Boolean(),
  },
  { additionalProperties: false, title: 'ContentAccessSettings' },
);
export type ContentAccessSettings = Static<typeof ContentAccessSettings>;

export const CONTENT_ROLES = ['threat_manager'] as const;
export type ContentRole = (typeof CONTENT_ROLES)[number];

/** The content roles an admin holds besides administration (today one: threat manager). */
export const ContentRoles = Type.Object(
  {
    contentRoles: Type.Array(Type.Enum(CONTENT_ROLES), { maxItems: CONTENT_ROLES.length, uniqueItems: true }),
  },
  { additionalProperties: false, title: 'ContentRoles' },
);
export type ContentRoles = Static<typeof ContentRoles>;

export const ContentRoleUserParam = Type.Object({ id: Type.String({ pattern: uuid }) });
