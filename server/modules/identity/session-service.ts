import type { Database } from '../../db/database.ts';
import { type TenantScope, withTenant } from '../../db/tenant-transaction.ts';
import { NotFound } from '../../errors.ts';
import { areasOf } from '../access/areas.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { authorize } from './policy.ts';
import type { SessionList, SessionState } from './schemas.ts';
import type { AuthContext } from './service.ts';
import {
  csrfToken,
  hashSessionToken,
  idleExpiry,
  type SessionTimeouts,
  sessionIsLive,
  TOUCH_INTERVAL_MS,
} from './sessions.ts';
import { authenticateSession, listOpenSessions, revokeSession } from './store.ts';

// Open sessions: the request's cookie checked, the session state the web app reads, logout and the user's
// own session list. Sessions are opened by sign-in.ts; tokens and CSRF are sessions.ts.

/** The tenant scope of the signed-in user's transactions. */
export function scopeOf(auth: AuthContext): TenantScope {
  return { tenantId: auth.tenantId, userId: auth.userId };
}

/** The session state the web app needs: the user, the CSRF token and when the session ends. */
export function sessionStateOf(
  auth: Pick<AuthContext, 'session' | 'user' | 'tenant' | 'secondFactorSetupRequired'>,
  timeouts: SessionTimeouts,
): SessionState {
  const { session, user, tenant } = auth;
  return {
    // Only present when true, so the answer for everyone else stays as it was.
    ...(auth.secondFactorSetupRequired ? { secondFactorSetupRequired: true as const } : {}),
    ...(user.password_hash === null ? { noPassword: true as const } : {}),
    user: {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      role: user.role,
      specialty: user.specialty,
      tenantWide: user.tenant_wide,
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    },
    csrfToken: csrfToken(session),
    areas: areasOf(
      { id: user.id, tenantId: tenant.id, role: user.role },
      { secondFactorSetupRequired: auth.secondFactorSetupRequired },
    ),
    session: {
      id: session.id,
      expiresAt: session.expires_at.toISOString(),
      idleExpiresAt: idleExpiry(session, timeouts).toISOString(),
    },
  };
}

/** Checks session cookies and manages the signed-in user's own sessions. */
export class SessionService {
  readonly #database: Database;
  readonly #timeouts: SessionTimeouts;
  readonly #now: () => Date;

  constructor(database: Database, timeouts: SessionTimeouts, now: () => Date) {
    this.#database = database;
    this.#timeouts = timeouts;
    this.#now = now;
  }

  /**
   * The live session a cookie's token belongs to, with its user and tenant; null when there is none, it is
   * revoked or expired, its user is deactivated or its tenant suspended. One statement (store.ts,
   * authenticateSession), which also slides the idle expiry (written at most once a minute).
   */
  async authenticate(token: string | undefined): Promise<AuthContext | null> {
    const tokenHash = hashSessionToken(token);
    if (!tokenHash) return null;
    const now = this.#now();
    const found = await authenticateSession(
      this.#database.db,
      tokenHash,
      now,
      this.#timeouts.idleMinutes * 60,
      TOUCH_INTERVAL_MS / 1000,
    );
    // The database decided; the same rule in TypeScript holds it to account (and to this clock).
    if (!found || !sessionIsLive(found.session, this.#timeouts, now) || found.user.status !== 'active')
      return null;
    const { session, user, tenant } = found;
    return {
      secondFactorSetupRequired: found.secondFactorSetupRequired,
      id: user.id,
      tenantId: tenant.id,
      userId: user.id,
      role: user.role,
      sessionId: session.id,
      session,
      user,
      tenant,
      access: found.access,
    };
  }

  /** The session state the web app needs: the user, the CSRF token and when the session ends. */
  sessionState(auth: AuthContext): SessionState {
    return sessionStateOf(auth, this.#timeouts);
  }

  /** Ends the current session. */
  async logout(auth: AuthContext, requestId: string): Promise<void> {
    const now = this.#now();
    await withTenant(this.#database, scopeOf(auth), async (trx) => {
      await revokeSession(trx, auth.sessionId, auth.userId, now);
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'auth.logout',
        objectType: 'session',
        objectId: auth.sessionId,
        requestId,
        outcome: 'success',
      });
    });
  }

  /** The user's own live sessions, newest first. */
  async listOwnSessions(auth: AuthContext): Promise<SessionList> {
    authorize(auth, 'list_sessions', { id: auth.userId, tenantId: auth.tenantId });
    const now = this.#now();
    const rows = await withTenant(this.#database, scopeOf(auth), (trx) =>
      listOpenSessions(trx, auth.userId, now),
    );
    return {
      sessions: rows
        .filter((row) => sessionIsLive(row, this.#timeouts, now))
        .map((row) => ({
          id: row.id,
          createdAt: row.created_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
          expiresAt: row.expires_at.toISOString(),
          current: row.id === auth.sessionId,
          userAgent: row.user_agent,
        })),
    };
  }

  /** Revokes one of the user's own sessions; NotFound for anyone else's or an ended one. */
  async revokeOwnSession(auth: AuthContext, sessionId: string, requestId: string): Promise<void> {
    authorize(auth, 'revoke_session', { id: auth.userId, tenantId: auth.tenantId });
    const now = this.#now();
    const revoked = await withTenant(this.#database, scopeOf(auth), async (trx) => {
      if (!(await revokeSession(trx, sessionId, auth.userId, now))) return false;
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'auth.session_revoked',
        objectType: 'session',
        objectId: sessionId,
        requestId,
        outcome: 'success',
      });
      return true;
    });
    if (!revoked) throw new NotFound('session_not_found', 'No such session.');
  }
}
