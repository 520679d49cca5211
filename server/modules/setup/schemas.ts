import { type Static, Type } from 'typebox';
import { TenantName, TenantSlug } from '../tenants/schemas.ts';

/**
 * Whether this TMA can be set up in the browser: `open` on a first start (no organisation yet) on the
 * embedded database, asked from this machine; otherwise why not, so that the page says what to run.
 */
export const SetupStatus = Type.Object(
  {
    open: Type.Boolean(),
    reason: Type.Optional(
      Type.Union([
        Type.Literal('tenant_exists'),
        Type.Literal('not_loopback'),
        Type.Literal('external_database'),
      ]),
    ),
  },
  { title: 'SetupStatus' },
);
export type SetupStatus = Static<typeof SetupStatus>;

/** The first organisation and its first administrator. */
export const NewSetup = Type.Object(
  {
    tenant: Type.Object({ slug: TenantSlug, name: TenantName }, { additionalProperties: false }),
    admin: Type.Object(
      {
        email: Type.String({ minLength: 3, maxLength: 254 }),
        displayName: Type.String({ minLength: 1, maxLength: 200 }),
        password: Type.String({ minLength: 1, maxLength: 1024 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, title: 'NewSetup' },
);
export type NewSetup = Static<typeof NewSetup>;

export const SetupDone = Type.Object(
  {
    tenant: Type.Object({ id: Type.String({ format: 'uuid' }), slug: TenantSlug, name: TenantName }),
    admin: Type.Object({ id: Type.String({ format: 'uuid' }), email: Type.String() }),
  },
  { title: 'SetupDone' },
);
export type SetupDone = Static<typeof SetupDone>;
