import { type Static, Type } from 'typebox';
import { NextCursor } from '../../http/pagination.ts';
import { API_TOKEN_SCOPES } from './scopes.ts';

// Spelled out (not mapped from API_TOKEN_SCOPES) so the static type keeps the literals; a test compares them.
export const ApiTokenScope = Type.Union(
  [Type.Literal('reports:read'), Type.Literal('reports:write'), Type.Literal('units:read')],
  { title: 'ApiTokenScope' },
);

/** At most a year: a token that lives forever is a token nobody remembers to rotate. */
export const MAX_TOKEN_DAYS = 365;

export const NewApiToken = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(ApiTokenScope, { minItems: 1, maxItems: API_TOKEN_SCOPES.length, uniqueItems: true }),
    expiresInDays: Type.Integer({ minimum: 1, maximum: MAX_TOKEN_DAYS }),
  },
  { title: 'NewApiToken', additionalProperties: false },
);
export type NewApiToken = Static<typeof NewApiToken>;

const dateTime = Type.String({ format: 'date-time' });
const nullableDateTime = Type.Union([dateTime, Type.Null()]);

/** A token as the list shows it: never the token or its hash. */
export const ApiTokenSummary = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    prefix: Type.String(),
    scopes: Type.Array(ApiTokenScope),
    createdBy: Type.Object({ id: Type.String({ format: 'uuid' }), displayName: Type.String() }),
    createdAt: dateTime,
    expiresAt: dateTime,
    lastUsedAt: nullableDateTime,
    revokedAt: nullableDateTime,
  },
  { title: 'ApiTokenSummary' },
);
export type ApiTokenSummary = Static<typeof ApiTokenSummary>;

export const ApiTokenList = Type.Object(
  {
    apiTokens: Type.Array(ApiTokenSummary),
    /** Every scope a token can be given, for the web app's form. */
    scopes: Type.Array(ApiTokenScope),
    nextCursor: NextCursor,
  },
  { title: 'ApiTokenList' },
);
export type ApiTokenList = Static<typeof ApiTokenList>;

/** The answer to creating a token: the token itself, shown this once. */
export const CreatedApiToken = Type.Object(
  { token: Type.String(), apiToken: ApiTokenSummary },
  { title: 'CreatedApiToken' },
);
export type CreatedApiToken = Static<typeof CreatedApiToken>;
