import { type Static, Type } from 'typebox';
import { Areas } from '../access/areas.ts';
import { TenantSlug } from '../tenants/schemas.ts';
import { PasskeyAssertion } from './passkey-schemas.ts';

export const UserRole = Type.Union(
  [Type.Literal('admin'), Type.Literal('threat_manager'), Type.Literal('expert'), Type.Literal('auditor')],
  { title: 'UserRole' },
);
export const ExpertSpecialty = Type.Union(
  [
    Type.Literal('labour_law'),
    Type.Literal('compliance'),
    Type.Literal('hr'),
    Type.Literal('psychology'),
    Type.Literal('security'),
    Type.Literal('data_protection'),
    Type.Literal('works_council'),
  ],
  { title: 'ExpertSpecialty' },
);
export const USER_ROLES = ['admin', 'threat_manager', 'expert', 'auditor'] as const;
export const EXPERT_SPECIALTIES = [
  'labour_law',
  'compliance',
  'hr',
  'psychology',
  'security',
  'data_protection',
  'works_council',
] as const;

export const LoginRequest = Type.Object(
  {
    tenant: TenantSlug,
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { title: 'LoginRequest', additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

/** The logged-in user as the web app sees it. */
export const AuthUser = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    displayName: Type.String(),
    role: UserRole,
    specialty: Type.Union([ExpertSpecialty, Type.Null()]),
    tenantWide: Type.Boolean(),
    tenant: Type.Object({ id: Type.String({ format: 'uuid' }), slug: Type.String(), name: Type.String() }),
  },
  { title: 'AuthUser' },
);
export type AuthUser = Static<typeof AuthUser>;

/** Answer of login and of `GET /auth/session`. */
export const SessionState = Type.Object(
  {
    /** Present (true) when the tenant requires a second factor the user has not set up: only enrolment works. */
    secondFactorSetupRequired: Type.Optional(Type.Literal(true)),
    /** Present (true) when the account has no TMA password (single sign-on): there is none to change. */
    noPassword: Type.Optional(Type.Literal(true)),
    user: AuthUser,
    /** Send as `x-csrf-token` with every request that changes something. */
    csrfToken: Type.String(),
    /** The areas of the staff app the user works in, as the server's policies decide; none while restricted. */
    areas: Areas,
    session: Type.Object({
      id: Type.String({ format: 'uuid' }),
      /** Absolute end, however active the user is. */
      expiresAt: Type.String({ format: 'date-time' }),
      /** End if no request comes before then. */
      idleExpiresAt: Type.String({ format: 'date-time' }),
    }),
  },
  { title: 'SessionState' },
);
export type SessionState = Static<typeof SessionState>;

/** Answer of login when the account has a second factor: no session yet, only a challenge. */
export const SecondFactorChallenge = Type.Object(
  {
    secondFactorRequired: Type.Literal(true),
    /** Send back with the code to `POST /auth/login/second-factor`; valid for five minutes, once. */
    challenge: Type.String(),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { title: 'SecondFactorChallenge' },
);
export type SecondFactorChallenge = Static<typeof SecondFactorChallenge>;

export const LoginAnswer = Type.Union([SessionState, SecondFactorChallenge], { title: 'LoginAnswer' });

export const SecondFactorRequest = Type.Object(
  {
    challenge: Type.String({ minLength: 1, maxLength: 100 }),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    recoveryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    /** A passkey's answer to the options of `POST /auth/login/second-factor/passkey-options`. */
    passkey: Type.Optional(PasskeyAssertion),
  },
  { title: 'SecondFactorRequest', additionalProperties: false },
);
export type SecondFactorRequest = Static<typeof SecondFactorRequest>;

export const TotpStatus = Type.Object(
  {
    /** An authenticator is confirmed and required at login. */
    enabled: Type.Boolean(),
    confirmedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    recoveryCodesLeft: Type.Integer(),
    /** The tenant requires a second factor for this user's role. */
    required: Type.Boolean(),
  },
  { title: 'TotpStatus' },
);
export type TotpStatus = Static<typeof TotpStatus>;

export const TotpSetup = Type.Object(
  {
    secretBase32: Type.String(),
    otpauthUri: Type.String(),
    qrCodeSvg: Type.String(),
  },
  { title: 'TotpSetup' },
);
export type TotpSetup = Static<typeof TotpSetup>;

export const TotpConfirmRequest = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 20 }) },
  { title: 'TotpConfirmRequest', additionalProperties: false },
);

export const RecoveryCodes = Type.Object(
  { recoveryCodes: Type.Array(Type.String()) },
  { title: 'RecoveryCodes' },
);
export type RecoveryCodes = Static<typeof RecoveryCodes>;

export const PasswordConfirmation = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { title: 'PasswordConfirmation', additionalProperties: false },
);

/** Changing one's own password: the current one proves it is the user; the new one meets the policy. */
export const PasswordChangeRequest = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { title: 'PasswordChangeRequest', additionalProperties: false },
);
export type PasswordChangeRequest = Static<typeof PasswordChangeRequest>;

/** The password is changed: the session that replaces the current one, and how many others ended. */
export const PasswordChanged = Type.Object(
  {
    session: SessionState,
    otherSessionsEnded: Type.Integer({ minimum: 0 }),
  },
  { title: 'PasswordChanged' },
);

export const SessionSummary = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    createdAt: Type.String({ format: 'date-time' }),
    lastSeenAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    current: Type.Boolean(),
    userAgent: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'SessionSummary' },
);
export type SessionSummary = Static<typeof SessionSummary>;

export const SessionList = Type.Object({ sessions: Type.Array(SessionSummary) }, { title: 'SessionList' });
export type SessionList = Static<typeof SessionList>;

/** A user as the CLI and admin API list them. */
export interface UserSummary {
  id: string;
  email: string;
  displayName: string;
  role: Static<typeof UserRole>;
  specialty: Static<typeof ExpertSpecialty> | null;
  tenantWide: boolean;
  status: 'active' | 'deactivated' | 'invited';
  createdAt: string;
}

/** The language a user works in: the web app's, for their e-mails. */
export const AccountLanguage = Type.Object(
  { language: Type.Enum(['de', 'en']) },
  { title: 'AccountLanguage', additionalProperties: false },
);
