import { type Static, Type } from 'typebox';
import { NextCursor } from '../../http/pagination.ts';
import { TenantName, TenantSlug } from '../tenants/schemas.ts';
import { USER_ACTIONS } from './policy.ts';
import { ExpertSpecialty, UserRole } from './schemas.ts';

// Request and answer schemas of the admin users API, invitations and password resets.

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const UserIdParam = Type.Object({ id: Type.String({ pattern: uuid }) });

export const EmailLocaleSchema = Type.Union([Type.Literal('de'), Type.Literal('en')], {
  title: 'EmailLocale',
});

export const UserStatusSchema = Type.Union(
  [Type.Literal('active'), Type.Literal('deactivated'), Type.Literal('invited')],
  { title: 'UserStatus' },
);

/** What the signed-in admin may do with a user (the policy's answers, for the web app to show or hide). */
export const UserCan = Type.Object(
  Object.fromEntries(USER_ACTIONS.map((action) => [action, Type.Boolean()])) as Record<
    (typeof USER_ACTIONS)[number],
    ReturnType<typeof Type.Boolean>
  >,
  { title: 'UserCan' },
);

/** A user as the admin users page sees it. */
export const AdminUser = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    displayName: Type.String(),
    role: UserRole,
    specialty: Type.Union([ExpertSpecialty, Type.Null()]),
    tenantWide: Type.Boolean(),
    status: UserStatusSchema,
    unitIds: Type.Array(Type.String({ format: 'uuid' })),
    createdAt: Type.String({ format: 'date-time' }),
    can: UserCan,
  },
  { title: 'AdminUser' },
);
export type AdminUser = Static<typeof AdminUser>;

export const AdminUserList = Type.Object(
  { users: Type.Array(AdminUser), nextCursor: NextCursor },
  { title: 'AdminUserList' },
);

export const InvitationRequest = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: UserRole,
    specialty: Type.Optional(Type.Union([ExpertSpecialty, Type.Null()])),
    tenantWide: Type.Optional(Type.Boolean()),
    unitIds: Type.Optional(Type.Array(Type.String({ pattern: uuid }), { maxItems: 1000, uniqueItems: true })),
    /** Language of the e-mail. */
    locale: EmailLocaleSchema,
  },
  { title: 'InvitationRequest', additionalProperties: false },
);
export type InvitationRequest = Static<typeof InvitationRequest>;

/**
 * The answer to an invitation: the user, and how the invitation reaches them. `delivery` is `email` when
 * TMA queued the e-mail; `link` when this server sends no e-mail (TMA_SMTP_URL unset), and then only
 * `invitationLink` holds the link, for the admin to pass on (works once, for 7 days).
 */
export const InvitationAnswer = Type.Object(
  {
    ...AdminUser.properties,
    delivery: Type.Union([Type.Literal('email'), Type.Literal('link')]),
    invitationLink: Type.Optional(
      Type.Object({
        /** TMA_PUBLIC_URL with the path; the token is in the fragment. */
        url: Type.String(),
        /** The same link relative to the web app: `/invitation#<token>`. */
        path: Type.String(),
        expiresAt: Type.String({ format: 'date-time' }),
      }),
    ),
  },
  { title: 'InvitationAnswer' },
);
export type InvitationAnswer = Static<typeof InvitationAnswer>;

export const RoleChange = Type.Object(
  {
    role: UserRole,
    specialty: Type.Optional(Type.Union([ExpertSpecialty, Type.Null()])),
    tenantWide: Type.Optional(Type.Boolean()),
  },
  { title: 'RoleChange', additionalProperties: false },
);
export type RoleChange = Static<typeof RoleChange>;

export const SessionsRevoked = Type.Object(
  { sessionsRevoked: Type.Integer({ minimum: 0 }) },
  { title: 'SessionsRevoked' },
);

/** A link's token, sent in the body (never in the URL, so no log keeps it). */
export const LinkToken = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 100 }) },
  { title: 'LinkToken', additionalProperties: false },
);

export const LinkWithPassword = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { title: 'LinkWithPassword', additionalProperties: false },
);

/** What the invitation page shows before the invitee sets a password. */
export const LinkDetails = Type.Object(
  {
    organisation: Type.Object({ slug: TenantSlug, name: TenantName }),
    email: Type.String(),
    displayName: Type.String(),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { title: 'LinkDetails' },
);
export type LinkDetails = Static<typeof LinkDetails>;

export const PasswordResetRequest = Type.Object(
  {
    tenant: TenantSlug,
    email: Type.String({ minLength: 1, maxLength: 254 }),
    locale: EmailLocaleSchema,
  },
  { title: 'PasswordResetRequest', additionalProperties: false },
);
export type PasswordResetRequest = Static<typeof PasswordResetRequest>;

/** The same answer whether or not the account exists. */
export const PasswordResetAccepted = Type.Object(
  { message: Type.String() },
  { title: 'PasswordResetAccepted' },
);
export type LinkToken = Static<typeof LinkToken>;
export type LinkWithPassword = Static<typeof LinkWithPassword>;
