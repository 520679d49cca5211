import { type Static, Type } from 'typebox';
import { UserRole } from '../identity/schemas.ts';

const RoleMapping = Type.Array(
  Type.Object(
    { value: Type.String({ minLength: 1, maxLength: 200 }), role: UserRole },
    { additionalProperties: false },
  ),
  { maxItems: 50 },
);

const Domain = Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.-]+$' });

/** The tenant's identity provider as admins edit it; the client secret is write-only. */
const SsoSettingsFields = {
  enabled: Type.Boolean(),
  issuerUrl: Type.String({ minLength: 1, maxLength: 500 }),
  clientId: Type.String({ minLength: 1, maxLength: 500 }),
  buttonLabel: Type.String({ minLength: 1, maxLength: 100 }),
  roleClaim: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_:./-]+$' }),
  roleMapping: RoleMapping,
  /** The role of a user whose claim maps to none; null refuses such a user. */
  defaultRole: Type.Union([UserRole, Type.Null()]),
  createUsers: Type.Boolean(),
  allowedDomains: Type.Array(Domain, { maxItems: 50 }),
};

export const SsoSettings = Type.Object(
  {
    configured: Type.Boolean(),
    ...SsoSettingsFields,
    clientSecretSet: Type.Boolean(),
    /** The redirect URI to register at the identity provider. */
    callbackUrl: Type.String(),
  },
  { title: 'SsoSettings' },
);
export type SsoSettings = Static<typeof SsoSettings>;

export const SsoSettingsUpdate = Type.Object(
  {
    ...SsoSettingsFields,
    /** Omitted: keep the stored secret; null: remove it (a public client). */
    clientSecret: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1000 }), Type.Null()])),
  },
  { title: 'SsoSettingsUpdate', additionalProperties: false },
);
export type SsoSettingsUpdate = Static<typeof SsoSettingsUpdate>;

/** What the login page may know about an organisation's single sign-on: nothing secret. */
export const SsoPublicInfo = Type.Object(
  {
    enabled: Type.Boolean(),
    buttonLabel: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'SsoPublicInfo' },
);
export type SsoPublicInfo = Static<typeof SsoPublicInfo>;

export const SecondFactorPolicy = Type.Object(
  { requireSecondFactorRoles: Type.Array(UserRole, { maxItems: 4 }) },
  { title: 'SecondFactorPolicy', additionalProperties: false },
);
export type SecondFactorPolicy = Static<typeof SecondFactorPolicy>;
