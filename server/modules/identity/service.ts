import type { Keyring } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import type { PublicAddress } from '../../public-url.ts';
import type { Tenant } from '../tenants/schemas.ts';
import { type PasswordChange, PasswordChangeService } from './password-change.ts';
import type { PasswordResetQueue } from './password-reset-queue.ts';
import type { Actor } from './policy.ts';
import type { SecondFactorChallenge, SessionList, SessionState } from './schemas.ts';
import { SessionService } from './session-service.ts';
import type { SessionTimeouts } from './sessions.ts';
import { SignInService } from './sign-in.ts';
import { type SessionRow, setUserLanguage, type UserAccess, type UserRow } from './store.ts';

export type { UserAccess };

import type { ThrottleOptions } from './throttle.ts';

// The identity module's face: the types a request carries, and IdentityService, which app.ts builds once
// and the routes and other modules call. The work is done in sign-in.ts (proving who a user is and opening
// the session), session-service.ts (the open sessions) and users.ts (creating and deactivating users).

// What other modules take from here, so they need not know where in identity it lives.
export { scopeOf } from './session-service.ts';
export { INVALID_CREDENTIALS_MESSAGE } from './sign-in.ts';
export { createUser, deactivateUser, listTenantUsers, normaliseEmail, type UserAdmin } from './users.ts';

/** What a request resolves to once its session cookie is checked. */
export interface AuthContext extends Actor {
  tenantId: string;
  userId: string;
  sessionId: string;
  session: SessionRow;
  /** The account (without the e-mail language, which the request path does not read). */
  user: Omit<UserRow, 'language'>;
  tenant: Pick<Tenant, 'id' | 'slug' | 'name'>;
  /** The tenant requires a second factor for the user's role and they have none: only enrolment is open. */
  secondFactorSetupRequired: boolean;
  /** Set when an API token, not a session, authenticated the request (server/modules/api-tokens). */
  apiToken?: { id: string; scopes: readonly string[] };
  /**
   * What the access policies need to know of the user, read by the authentication's own statement
   * (migration 0051), so a request's services need not ask again (accessActor). Absent on a context made
   * otherwise (a test's, a job's): then accessActor reads it.
   */
  access?: UserAccess;
}

/** What a correct password leads to: a session, or a challenge for the second factor. */
export type LoginOutcome =
  | { kind: 'session'; token: string; state: SessionState }
  | { kind: 'challenge'; state: SecondFactorChallenge };

/** Where a request came from; the address is only used, hashed, for throttling. */
export interface RequestContext {
  requestId: string;
  address: string;
  userAgent: string | undefined;
  /** The public URL this request was made under (server/public-url.ts); left out, the configured one. */
  publicUrl?: string | undefined;
}

export interface IdentityOptions {
  /** The clock; tests move it. */
  now?: () => Date;
  throttle?: Partial<ThrottleOptions>;
  /**
   * The `login-throttle` system key (main.ts loads it), so every instance keys the same client address
   * alike. Left out (tests), a random key of this process.
   */
  loginThrottleKey?: (() => Promise<Buffer>) | undefined;
  /** Seals and opens TOTP secrets; without it, second factors answer 503. */
  keyring?: Keyring | undefined;
  /** TMA_PUBLIC_URL: its host is the passkeys' RP id, its origin the only one accepted. */
  publicUrl?: string | undefined;
  /** main.ts: resolves the public URL per request (embedded mode without TMA_PUBLIC_URL: the loopback one). */
  publicAddress?: PublicAddress | undefined;
  /** Called after a commit that queued e-mail (invitations, password resets): the mail dispatcher's wake(). */
  mailQueued?: () => void;
  /** Works off "Forgot password?" requests after the answer; left out, the user routes make one. */
  passwordResets?: PasswordResetQueue | undefined;
  /**
   * This instance sends no e-mail (TMA_SMTP_URL unset; main.ts sets this): an invitation then queues no
   * e-mail and answers its link for the admin to pass on. Left out, e-mail counts as on.
   */
  emailOff?: boolean | undefined;
}

/** Logins, sessions and the current user: one object for the routes, sign-in and sessions behind it. */
export class IdentityService {
  readonly now: () => Date;
  readonly #database: Database;
  readonly #signIn: SignInService;
  readonly #sessions: SessionService;
  readonly #passwordChange: PasswordChangeService;

  constructor(database: Database, timeouts: SessionTimeouts, options: IdentityOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.#database = database;
    this.#signIn = new SignInService(database, timeouts, options, this.now);
    this.#sessions = new SessionService(database, timeouts, this.now);
    this.#passwordChange = new PasswordChangeService(
      database,
      this.#signIn.throttle,
      (auth, context) => this.#signIn.openSessionAfterPasswordChange(auth, context),
      this.now,
    );
  }

  /** A password login: a session, or a challenge for the second factor (sign-in.ts). */
  login(...args: Parameters<SignInService['login']>): Promise<LoginOutcome> {
    return this.#signIn.login(...args);
  }

  /** The second step of a login: the challenge answered with a code, a recovery code or a passkey. */
  completeSecondFactor(
    ...args: Parameters<SignInService['completeSecondFactor']>
  ): Promise<{ token: string; state: SessionState }> {
    return this.#signIn.completeSecondFactor(...args);
  }

  /** Finishes a single sign-on the tenant's identity provider vouched for. */
  completeSingleSignOn(...args: Parameters<SignInService['completeSingleSignOn']>): Promise<LoginOutcome> {
    return this.#signIn.completeSingleSignOn(...args);
  }

  /** Signs in a user whose passkey alone proved who they are. */
  openPasskeySession(
    ...args: Parameters<SignInService['openPasskeySession']>
  ): Promise<{ token: string; state: SessionState }> {
    return this.#signIn.openPasskeySession(...args);
  }

  /** Signs in a user who has just accepted an invitation. */
  openSessionAfterInvitation(
    ...args: Parameters<SignInService['openSessionAfterInvitation']>
  ): Promise<{ token: string; state: SessionState }> {
    return this.#signIn.openSessionAfterInvitation(...args);
  }

  /** The live session a cookie's token belongs to, or null (session-service.ts). */
  authenticate(token: string | undefined): Promise<AuthContext | null> {
    return this.#sessions.authenticate(token);
  }

  /** The session state the web app needs: the user, the CSRF token and when the session ends. */
  sessionState(auth: AuthContext): SessionState {
    return this.#sessions.sessionState(auth);
  }

  /** Ends the current session. */
  logout(auth: AuthContext, requestId: string): Promise<void> {
    return this.#sessions.logout(auth, requestId);
  }

  /** The user's own live sessions, newest first. */
  listOwnSessions(auth: AuthContext): Promise<SessionList> {
    return this.#sessions.listOwnSessions(auth);
  }

  /** Records the language the signed-in user works in: their e-mails come in it. */
  async setLanguage(auth: AuthContext, language: 'de' | 'en'): Promise<void> {
    await withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, (trx) =>
      setUserLanguage(trx, auth.userId, language),
    );
  }

  /**
   * Changes the signed-in user's own password (password-change.ts): every session of theirs ends, and the
   * answer carries the new session that replaces the current one.
   */
  changeOwnPassword(
    auth: AuthContext,
    input: PasswordChange,
    context: RequestContext,
  ): Promise<{ token: string; state: SessionState; otherSessionsEnded: number }> {
    return this.#passwordChange.change(auth, input, context);
  }

  /** Revokes one of the user's own sessions; NotFound for anyone else's or an ended one. */
  revokeOwnSession(auth: AuthContext, sessionId: string, requestId: string): Promise<void> {
    return this.#sessions.revokeOwnSession(auth, sessionId, requestId);
  }
}
