import { type Static, Type } from 'typebox';
import { TenantSlug } from '../tenants/schemas.ts';

const base64url = (maxLength: number) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+$' });
/** Whatever the browser adds beside the fields we read (extension results and the like). */
const open = { additionalProperties: true } as const;

/** What `startRegistration()` of @simplewebauthn/browser answers. */
export const PasskeyRegistrationResponse = Type.Object(
  {
    id: base64url(1400),
    rawId: base64url(1400),
    type: Type.Literal('public-key'),
    response: Type.Object(
      {
        clientDataJSON: base64url(10_000),
        attestationObject: base64url(100_000),
        transports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 10 })),
      },
      open,
    ),
    clientExtensionResults: Type.Object({}, open),
    authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { ...open, title: 'PasskeyRegistrationResponse' },
);

/** What `startAuthentication()` of @simplewebauthn/browser answers. */
export const PasskeyAssertion = Type.Object(
  {
    id: base64url(1400),
    rawId: base64url(1400),
    type: Type.Literal('public-key'),
    response: Type.Object(
      {
        clientDataJSON: base64url(10_000),
        authenticatorData: base64url(10_000),
        signature: base64url(20_000), // ML-DSA signatures are kilobytes
        userHandle: Type.Optional(Type.String({ maxLength: 200 })),
      },
      open,
    ),
    clientExtensionResults: Type.Object({}, open),
    authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { ...open, title: 'PasskeyAssertion' },
);
export type PasskeyAssertion = Static<typeof PasskeyAssertion>;

/** Options for `startRegistration()` / `startAuthentication()`, passed on unchanged. */
export const WebauthnOptions = Type.Object({}, { ...open, title: 'WebauthnOptions' });

export const PasskeyOptionsRequest = Type.Object(
  {
    /** The account's password; not needed by an account without one right after signing in. */
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  },
  { title: 'PasskeyOptionsRequest', additionalProperties: false },
);

export const PasskeyEnrolRequest = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), response: PasskeyRegistrationResponse },
  { title: 'PasskeyEnrolRequest', additionalProperties: false },
);
export type PasskeyEnrolRequest = Static<typeof PasskeyEnrolRequest>;

export const PasskeyRemoveRequest = PasskeyOptionsRequest;

export const PasskeySummary = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** Synced to the user's other devices by their platform (a multi-device passkey). */
    backedUp: Type.Boolean(),
  },
  { title: 'PasskeySummary' },
);
export type PasskeySummary = Static<typeof PasskeySummary>;

export const PasskeyList = Type.Object(
  {
    passkeys: Type.Array(PasskeySummary),
    /** Adding and removing passkeys asks for the password (false for an account without one). */
    passwordRequired: Type.Boolean(),
  },
  { title: 'PasskeyList' },
);
export type PasskeyList = Static<typeof PasskeyList>;

export const PasskeyLoginOptionsRequest = Type.Object(
  { tenant: TenantSlug },
  { title: 'PasskeyLoginOptionsRequest', additionalProperties: false },
);

export const PasskeyLoginRequest = Type.Object(
  { tenant: TenantSlug, response: PasskeyAssertion },
  { title: 'PasskeyLoginRequest', additionalProperties: false },
);

export const SecondFactorPasskeyOptionsRequest = Type.Object(
  { challenge: Type.String({ minLength: 1, maxLength: 100 }) },
  { title: 'SecondFactorPasskeyOptionsRequest', additionalProperties: false },
);
