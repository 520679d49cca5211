import { type Static, Type } from 'typebox';

export const TenantSlug = Type.String({
  pattern: '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$',
  description: 'Lower-case letters, digits and inner hyphens, 1–40 characters; used in URLs.',
});

export const TenantName = Type.String({ minLength: 1, maxLength: 200 });

export const Tenant = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: TenantSlug,
  name: TenantName,
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Tenant = Static<typeof Tenant>;

export const NewTenant = Type.Object({ slug: TenantSlug, name: TenantName }, { additionalProperties: false });
export type NewTenant = Static<typeof NewTenant>;
