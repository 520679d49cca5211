import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { encodeCursor, readPage } from '../../db/page.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { NotFound } from '../../errors.ts';
import { assertValid } from '../../validation.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { type AuthContext, scopeOf } from '../identity/service.ts';
import { authorizeApiTokens } from './policy.ts';
import { type ApiTokenList, type ApiTokenSummary, type CreatedApiToken, NewApiToken } from './schemas.ts';
import { API_TOKEN_SCOPES, type ApiTokenScope, roleForScopes } from './scopes.ts';
import {
  type ApiTokenListRow,
  type ApiTokenRefusal,
  apiTokensKeyset,
  authenticateApiToken,
  findApiToken,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
} from './store.ts';
import { hashApiToken, newApiToken } from './tokens.ts';

/** last_used_at is written at most this often, to spare the database a write per request. */
const TOUCH_INTERVAL_MS = 60_000;
const DAY_MS = 86_400_000;

function toSummary(row: ApiTokenListRow): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    scopes: row.scopes.filter((scope): scope is ApiTokenScope =>
      (API_TOKEN_SCOPES as readonly string[]).includes(scope),
    ),
    createdBy: { id: row.created_by, displayName: row.creator_name },
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** API tokens for integrations: created, listed and revoked by admins; resolved to an actor per request. */
export class ApiTokenService {
  readonly #database: Database;
  readonly now: () => Date;

  constructor(database: Database, now: () => Date = () => new Date()) {
    this.#database = database;
    this.now = now;
  }

  /** A new token, answered this once; only its SHA-256 and display prefix are stored (`api_token.create`). */
  async create(auth: AuthContext, input: NewApiToken, requestId: string): Promise<CreatedApiToken> {
    authorizeApiTokens(auth, 'create');
    const candidate = { ...input, name: input.name.trim() };
    assertValid(NewApiToken, candidate, 'apiToken');
    const now = this.now();
    const { token, tokenHash, displayPrefix } = newApiToken();
    const summary = await withTenant(this.#database, scopeOf(auth), async (trx) => {
      const id = await insertApiToken(trx, {
        tenant_id: auth.tenantId,
        name: candidate.name,
        token_hash: tokenHash,
        token_prefix: displayPrefix,
        scopes: JSON.stringify([...new Set(candidate.scopes)]),
        created_by: auth.userId,
        created_at: now,
        expires_at: new Date(now.getTime() + candidate.expiresInDays * DAY_MS),
      });
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'api_token.create',
        objectType: 'api_token',
        objectId: id,
        requestId,
        outcome: 'success',
        reason: `days=${candidate.expiresInDays}:scopes=${[...new Set(candidate.scopes)].join('.')}`,
      });
      const row = await findApiToken(trx, id);
      if (!row) throw new Error('the new API token is missing');
      return toSummary(row);
    });
    return { token, apiToken: summary };
  }

  /** One page of the tenant's tokens, newest first, revoked ones included; never a secret. */
  async list(auth: AuthContext, query: { limit?: string; after?: string } = {}): Promise<ApiTokenList> {
    authorizeApiTokens(auth, 'list');
    const page = readPage(apiTokensKeyset, query);
    const { rows, next } = await withTenant(this.#database, scopeOf(auth), (trx) =>
      listApiTokens(trx, auth.tenantId, page),
    );
    return {
      apiTokens: rows.map(toSummary),
      scopes: [...API_TOKEN_SCOPES],
      nextCursor: encodeCursor(apiTokensKeyset, next),
    };
  }

  /** Revokes a token at once (`api_token.revoke`); NotFound for an unknown or already revoked one. */
  async revoke(auth: AuthContext, id: string, requestId: string): Promise<void> {
    authorizeApiTokens(auth, 'revoke');
    const now = this.now();
    const revoked = await withTenant(this.#database, scopeOf(auth), async (trx) => {
      if (!(await revokeApiToken(trx, id, now))) return false;
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'api_token.revoke',
        objectType: 'api_token',
        objectId: id,
        requestId,
        outcome: 'success',
      });
      return true;
    });
    if (!revoked) throw new NotFound('api_token_not_found', 'No such API token, or it is revoked already.');
  }

  /**
   * The actor a presented token stands for, or null when it is unknown, revoked, expired, or its creator is
   * no longer an active admin. The actor has the creating admin's tenant and user id (so row-level security
   * gives it that admin's unit scope: the whole tenant), a role from its scopes, and `apiToken` set.
   * A refusal of a known token is audited (`api_token.authenticate`, denied). A usable token costs one
   * statement (store.ts, authenticateApiToken); a refused one a transaction more, for its audit event.
   */
  async authenticate(presented: string, requestId: string): Promise<AuthContext | null> {
    const tokenHash = hashApiToken(presented);
    if (!tokenHash) return null;
    const now = this.now();
    const token = await authenticateApiToken(this.#database.db, tokenHash, now, TOUCH_INTERVAL_MS / 1000);
    if (!token) return null;
    const { creator, tenant } = token;
    // The database decided; the same rule in TypeScript holds it to account (and to this clock).
    const refusal: ApiTokenRefusal | null =
      token.refusal ??
      (token.expiresAt.getTime() <= now.getTime()
        ? 'expired'
        : creator?.status !== 'active' || creator.role !== 'admin'
          ? 'creator_inactive'
          : null);
    if (refusal || !creator) {
      await withTenant(this.#database, { tenantId: tenant.id, userId: null }, (trx) =>
        recordAuditEvent(trx, {
          actorType: 'api_token',
          actorId: token.id,
          action: 'api_token.authenticate',
          objectType: 'api_token',
          objectId: token.id,
          requestId,
          outcome: 'denied',
          reason: refusal ?? 'creator_inactive',
        }),
      );
      return null;
    }
    return {
      id: creator.id,
      tenantId: tenant.id,
      userId: creator.id,
      role: roleForScopes(token.scopes),
      sessionId: token.id,
      // A token has no session. AuthContext carries one for the session endpoints, which refuse tokens
      // (scopes.ts); this stand-in has a random CSRF secret nobody knows, so it can never pass a check.
      session: {
        id: token.id,
        tenant_id: tenant.id,
        user_id: creator.id,
        token_hash: tokenHash,
        csrf_secret: randomBytes(32),
        created_at: token.createdAt,
        last_seen_at: now,
        expires_at: token.expiresAt,
        revoked_at: null,
        user_agent: null,
      },
      user: creator,
      tenant,
      secondFactorSetupRequired: false,
      apiToken: { id: token.id, scopes: token.scopes },
      ...('access' in token ? { access: token.access } : {}),
    };
  }
}
