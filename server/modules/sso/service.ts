import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Keyring } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { findTenantByTokenHash } from '../../db/token-lookup.ts';
import { AppError, Invalid } from '../../errors.ts';
import type { PublicAddress, RequestAddress } from '../../public-url.ts';
import { type AuditEventInput, auditCode } from '../audit/schemas.ts';
import { recordAuditEvent, recordAuditEventInOwnTransaction } from '../audit/service.ts';
import {
  type Account,
  changeAccountRole,
  createPasswordlessAccount,
  findAccountByEmail,
  rolesRequiringSecondFactor,
  secondFactorStanding,
} from '../identity/accounts.ts';
import { setRequiredSecondFactorRoles } from '../identity/second-factor.ts';
import {
  type AuthContext,
  type IdentityService,
  type LoginOutcome,
  type RequestContext,
  scopeOf,
} from '../identity/service.ts';
import type { Tenant } from '../tenants/schemas.ts';
import { findTenantById, findTenantBySlug } from '../tenants/service.ts';
import {
  type Claims,
  claimValues,
  domainAllowed,
  emailOf,
  mapRole,
  providerDidMfa,
  type SsoRefusal,
} from './claims.ts';
import { authorizeTenantSecurity } from './policy.ts';
import type { SecondFactorPolicy, SsoPublicInfo, SsoSettings, SsoSettingsUpdate } from './schemas.ts';
import {
  consumeSsoState,
  findSsoSettings,
  insertSsoState,
  pruneSsoStates,
  type SsoSettingsRow,
  upsertSsoSettings,
} from './store.ts';

/** How long a sign-in may stay at the identity provider. */
export const SSO_STATE_MINUTES = 10;
/** How long an identity provider's discovered metadata is reused before it is fetched again. */
const DISCOVERY_TTL_MS = 10 * 60_000;

/** A single sign-on that did not lead to a session; the routes send the browser back to the login page. */
export class SsoLoginFailed extends AppError {
  override name = 'SsoLoginFailed';
  readonly status = 401;
  /** What the login page tells the user: the sign-in expired, the provider failed, or TMA refused. */
  readonly kind: 'state_invalid' | 'provider_error' | 'account_refused' | 'unavailable';
  /** The organisation, when known: the login page fills it in again. */
  readonly tenantSlug: string | undefined;
  constructor(kind: SsoLoginFailed['kind'], tenantSlug?: string) {
    super(`sso_${kind}`, 'Single sign-on did not succeed.');
    this.kind = kind;
    this.tenantSlug = tenantSlug;
  }
}

export interface SingleSignOnOptions {
  database: Database;
  keyring: Keyring | undefined;
  identity: IdentityService;
  /** TMA_PUBLIC_URL: the callback registered at the identity provider lives under it. */
  publicUrl: string;
  /** main.ts: the public URL as PORT=0 resolves it once listening (its base wins over `publicUrl`). */
  publicAddress?: PublicAddress | undefined;
  now?: () => Date;
}

/** Where the identity provider sends the browser back, under a public URL. */
export const ssoCallbackUrl = (publicUrl: string) =>
  `${publicUrl.replace(/\/+$/, '')}/api/v1/auth/sso/callback`;

const hashState = (state: string) => createHash('sha256').update(state, 'utf8').digest();
const secretField = (tenantId: string) => ({
  table: 'tenant_sso_settings',
  column: 'client_secret_sealed',
  rowId: tenantId,
});
const loopback = (host: string) =>
  host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** An issuer must be https; plain http only on the loopback interface (a provider on the same machine). */
function checkIssuerUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Invalid('sso_invalid', 'The issuer must be a URL.', [
      { path: 'issuerUrl', message: 'is not a URL' },
    ]);
  }
  if (
    url.search ||
    url.hash ||
    url.username ||
    url.password ||
    !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback(url.hostname)))
  )
    throw new Invalid('sso_invalid', 'The issuer must be an https URL without query or credentials.', [
      { path: 'issuerUrl', message: 'must be an https URL' },
    ]);
  return url;
}

/** Single sign-on with the tenant's OpenID Connect provider, and the tenant's sign-in security settings. */
export class SingleSignOnService {
  readonly #database: Database;
  readonly #keyring: Keyring | undefined;
  readonly #identity: IdentityService;
  readonly #now: () => Date;
  readonly #publicUrl: string;
  readonly #publicAddress: PublicAddress | undefined;
  readonly #discovered = new Map<string, { key: string; config: oidc.Configuration; until: number }>();

  constructor(options: SingleSignOnOptions) {
    this.#database = options.database;
    this.#keyring = options.keyring;
    this.#identity = options.identity;
    this.#now = options.now ?? (() => new Date());
    this.#publicUrl = options.publicUrl.replace(/\/+$/, '');
    this.#publicAddress = options.publicAddress;
  }

  /** The configured public URL (the routes pass the one of each request where it may differ). */
  get publicUrl(): string {
    return this.#publicAddress?.base ?? this.#publicUrl;
  }

  get callbackUrl(): string {
    return ssoCallbackUrl(this.publicUrl);
  }

  /** The public URL a request was made under (the loopback one in embedded mode without TMA_PUBLIC_URL). */
  publicUrlOf(address: RequestAddress): string {
    return this.#publicAddress?.forRequest(address) ?? this.publicUrl;
  }

  /** The tenant's provider settings; `publicUrl` is the request's, for the callback address shown. */
  async getSettings(auth: AuthContext, publicUrl = this.publicUrl): Promise<SsoSettings> {
    authorizeTenantSecurity(auth, 'read_security');
    const row = await withTenant(this.#database, scopeOf(auth), (trx) => findSsoSettings(trx));
    return {
      configured: row !== undefined,
      enabled: row?.enabled ?? false,
      issuerUrl: row?.issuer_url ?? '',
      clientId: row?.client_id ?? '',
      buttonLabel: row?.button_label ?? '',
      roleClaim: row?.role_claim ?? 'groups',
      roleMapping: row?.role_mapping ?? [],
      defaultRole: row?.default_role ?? null,
      createUsers: row?.create_users ?? false,
      allowedDomains: row?.allowed_domains ?? [],
      clientSecretSet: Boolean(row?.client_secret_sealed),
      callbackUrl: ssoCallbackUrl(publicUrl),
    };
  }

  /** Saves the tenant's identity provider (audited as `tenant.sso_changed`, never with the secret). */
  async updateSettings(
    auth: AuthContext,
    input: SsoSettingsUpdate,
    requestId: string,
    publicUrl = this.publicUrl,
  ): Promise<SsoSettings> {
    authorizeTenantSecurity(auth, 'manage_security');
    checkIssuerUrl(input.issuerUrl);
    const values = new Set(input.roleMapping.map((entry) => entry.value));
    if (values.size !== input.roleMapping.length)
      throw new Invalid('sso_invalid', 'Each claim value may be mapped only once.', [
        { path: 'roleMapping', message: 'has a value twice' },
      ]);
    const keys =
      typeof input.clientSecret === 'string'
        ? await this.#requireKeyring().forTenant(auth.tenantId)
        : undefined;
    await withTenant(this.#database, scopeOf(auth), async (trx) => {
      const before = await findSsoSettings(trx);
      const sealed =
        input.clientSecret === undefined
          ? undefined
          : input.clientSecret === null
            ? null
            : (await keys?.scope(trx, 'tenant_settings', auth.tenantId))?.seal(
                input.clientSecret,
                secretField(auth.tenantId),
              );
      await upsertSsoSettings(
        trx,
        auth.tenantId,
        {
          enabled: input.enabled,
          issuer_url: input.issuerUrl.trim(),
          client_id: input.clientId.trim(),
          button_label: input.buttonLabel.trim(),
          role_claim: input.roleClaim,
          role_mapping: input.roleMapping,
          default_role: input.defaultRole,
          create_users: input.createUsers,
          allowed_domains: [...new Set(input.allowedDomains.map((d) => d.trim().toLowerCase()))].sort(),
        },
        sealed,
        this.#now(),
      );
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'tenant.sso_changed',
        objectType: 'tenant',
        objectId: auth.tenantId,
        requestId,
        outcome: 'success',
        reason: [
          input.enabled ? 'enabled' : 'disabled',
          before ? null : 'created',
          input.clientSecret === undefined
            ? null
            : input.clientSecret === null
              ? 'secret_removed'
              : 'secret_set',
        ]
          .filter(Boolean)
          .join('.'),
      });
    });
    return this.getSettings(auth, publicUrl);
  }

  /** For the login page: whether the organisation offers single sign-on, and the button's label. */
  async publicInfo(tenantSlug: string): Promise<SsoPublicInfo> {
    const found = await this.#enabledSettings(tenantSlug);
    return found
      ? { enabled: true, buttonLabel: found.settings.button_label }
      : { enabled: false, buttonLabel: null };
  }

  /**
   * Starts a sign-in at the tenant's provider: authorization code flow with PKCE, state and nonce; the
   * state's hash, the verifier and the nonce are kept for ten minutes. Returns where to send the browser and
   * the state, which the routes also bind to the browser in a cookie.
   */
  async start(
    tenantSlug: string,
    publicUrl = this.publicUrl,
  ): Promise<{ redirectTo: string; state: string }> {
    const found = await this.#enabledSettings(tenantSlug);
    if (!found) throw new SsoLoginFailed('unavailable', tenantSlug);
    const { tenant, settings } = found;
    const config = await this.#configuration(tenant.id, settings).catch(() => {
      throw new SsoLoginFailed('provider_error', tenant.slug);
    });
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const now = this.#now();
    await withTenant(this.#database, { tenantId: tenant.id, userId: null }, async (trx) => {
      await pruneSsoStates(trx, now);
      await insertSsoState(trx, {
        tenant_id: tenant.id,
        state_hash: hashState(state),
        code_verifier: codeVerifier,
        nonce,
        created_at: now,
        expires_at: new Date(now.getTime() + SSO_STATE_MINUTES * 60_000),
      });
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: ssoCallbackUrl(publicUrl),
      scope: `openid email profile${settings.role_claim === 'groups' ? ' groups' : ''}`,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { redirectTo: url.href, state };
  }

  /**
   * The identity provider sent the browser back: checks the state (from the query, the browser's cookie and
   * the stored record, used once), exchanges the code, lets openid-client validate the ID token, maps the
   * claims to a user of that tenant and opens a session (or asks for TMA's own second factor).
   */
  async callback(
    query: { search: string; state: string | undefined },
    browserState: string | undefined,
    context: RequestContext,
  ): Promise<LoginOutcome> {
    if (!query.state) throw new SsoLoginFailed('state_invalid');
    const stateHash = hashState(query.state);
    const tenantId = await findTenantByTokenHash(this.#database, 'sso_state', stateHash);
    const tenant = tenantId ? await findTenantById(this.#database.db, tenantId) : null;
    if (tenant?.status !== 'active') throw new SsoLoginFailed('state_invalid');
    const fail = async (kind: SsoLoginFailed['kind'], reason: string, user?: Account) => {
      await this.#auditFailure(tenant.id, context, reason, user);
      return new SsoLoginFailed(kind, tenant.slug);
    };
    // The state must come back to the browser that started the sign-in: another browser's (an attacker's
    // own sign-in pushed onto a victim) is refused.
    if (browserState !== query.state) throw await fail('state_invalid', 'sso:state_mismatch');
    const now = this.#now();
    const scope = { tenantId: tenant.id, userId: null };
    const pending = await withTenant(this.#database, scope, async (trx) => {
      const state = await consumeSsoState(trx, stateHash, now);
      return state ? { state, settings: await findSsoSettings(trx) } : undefined;
    });
    if (!pending) throw await fail('state_invalid', 'sso:state_expired');
    const { settings } = pending;
    if (!settings?.enabled) throw await fail('state_invalid', 'sso:disabled');

    let claims: Claims;
    try {
      const config = await this.#configuration(tenant.id, settings);
      const tokens = await oidc.authorizationCodeGrant(
        config,
        new URL(`${ssoCallbackUrl(context.publicUrl ?? this.publicUrl)}${query.search}`),
        {
          pkceCodeVerifier: pending.state.code_verifier,
          expectedState: query.state,
          expectedNonce: pending.state.nonce,
          idTokenExpected: true,
        },
      );
      const idClaims = tokens.claims() as Claims;
      claims = idClaims;
      // Many providers put e-mail and groups only in the UserInfo answer unless asked otherwise.
      if (typeof idClaims.email !== 'string' || idClaims[settings.role_claim] === undefined) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, String(idClaims.sub));
        claims = { ...info, ...idClaims, email: idClaims.email ?? info.email };
        if (idClaims[settings.role_claim] === undefined)
          claims[settings.role_claim] = info[settings.role_claim];
      }
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'error';
      throw await fail('provider_error', `sso:provider_error:${auditCode(code)}`.slice(0, 200));
    }

    const email = emailOf(claims);
    if ('refusal' in email) throw await fail('account_refused', `sso:${email.refusal}`);
    const role = mapRole(
      claimValues(claims, settings.role_claim),
      settings.role_mapping,
      settings.default_role,
    );
    const refused = (reason: SsoRefusal, user?: Account) => fail('account_refused', `sso:${reason}`, user);
    if (!domainAllowed(email.email, settings.allowed_domains)) throw await refused('domain_not_allowed');

    const outcome = await withTenant(this.#database, scope, async (trx) => {
      let user = await findAccountByEmail(trx, email.email);
      if (!role) return refuse('no_role', user);
      if (!user) {
        if (!settings.create_users) return refuse('unknown_user', user);
        user = await createPasswordlessAccount(trx, {
          tenantId: tenant.id,
          email: email.email,
          displayName: displayNameOf(claims, email.email),
          role,
        });
        if (!user) return refuse('unknown_user', user);
        await recordAuditEvent(trx, {
          actorType: 'system',
          actorId: null,
          action: 'user.create',
          objectType: 'user',
          objectId: user.id,
          requestId: context.requestId,
          outcome: 'success',
          reason: `sso:just_in_time:role=${role}`,
        });
      } else if (user.status !== 'active') {
        return refuse('user_deactivated', user);
      } else if (user.role !== role) {
        const previousRole = user.role;
        user = await changeAccountRole(trx, user, role, now);
        await recordAuditEvent(trx, {
          actorType: 'system',
          actorId: null,
          action: 'user.role_changed',
          objectType: 'user',
          objectId: user.id,
          requestId: context.requestId,
          outcome: 'success',
          reason: `sso:from=${previousRole}:to=${role}`,
        });
      }
      // The tenant requires a second factor for this role: the provider's MFA counts when its `amr` says
      // so; otherwise TMA's own TOTP step follows, as after a password (or, without TOTP, the session is
      // limited to enrolling one, as for passwords).
      const { required, hasTotp } = await secondFactorStanding(trx, user);
      const mfa = providerDidMfa(claims);
      return { kind: 'ok' as const, user, requireTotp: required && !mfa && hasTotp, mfa };
    });
    if (outcome.kind === 'refused') throw await refused(outcome.refusal, outcome.user);
    return this.#identity.completeSingleSignOn(tenant, outcome.user, context, {
      requireTotp: outcome.requireTotp,
      reason: outcome.mfa ? 'method:sso.amr:mfa' : 'method:sso',
    });
  }

  async getSecondFactorPolicy(auth: AuthContext): Promise<SecondFactorPolicy> {
    authorizeTenantSecurity(auth, 'read_security');
    const roles = await withTenant(this.#database, scopeOf(auth), (trx) => rolesRequiringSecondFactor(trx));
    return { requireSecondFactorRoles: [...roles].sort() };
  }

  /** Sets the roles that must use a second factor (audited as `tenant.require_2fa`). */
  async setSecondFactorPolicy(auth: AuthContext, roles: UserRole[]): Promise<SecondFactorPolicy> {
    authorizeTenantSecurity(auth, 'manage_security');
    const saved = await setRequiredSecondFactorRoles(this.#database, auth.tenantId, roles, {
      kind: 'user',
      actor: auth,
    });
    return { requireSecondFactorRoles: saved };
  }

  async #enabledSettings(
    tenantSlug: string,
  ): Promise<{ tenant: Tenant; settings: SsoSettingsRow } | undefined> {
    const tenant = await findTenantBySlug(this.#database.db, tenantSlug);
    if (tenant?.status !== 'active') return undefined;
    const settings = await withTenant(this.#database, { tenantId: tenant.id, userId: null }, (trx) =>
      findSsoSettings(trx),
    );
    return settings?.enabled ? { tenant, settings } : undefined;
  }

  /**
   * The provider's configuration for this tenant, discovered at most every ten minutes. The cache key holds
   * the settings' update time, so a change made on any instance is picked up at the next sign-in. Network
   * and key-provider calls happen here, never inside a transaction.
   */
  async #configuration(tenantId: string, settings: SsoSettingsRow): Promise<oidc.Configuration> {
    const key = `${settings.issuer_url}\n${settings.client_id}\n${settings.updated_at.toISOString()}`;
    const cached = this.#discovered.get(tenantId);
    if (cached && cached.key === key && cached.until > Date.now()) return cached.config;
    let secret: string | undefined;
    if (settings.client_secret_sealed) {
      const keys = await this.#requireKeyring().forTenant(tenantId);
      secret = await withTenant(this.#database, { tenantId, userId: null }, async (trx) => {
        const row = await findSsoSettings(trx);
        if (!row?.client_secret_sealed) return undefined;
        const cipher = await keys.scope(trx, 'tenant_settings', tenantId);
        return cipher.openText(row.client_secret_sealed, secretField(tenantId));
      });
    }
    const issuer = checkIssuerUrl(settings.issuer_url);
    const insecure = issuer.protocol === 'http:';
    const config = await oidc.discovery(
      issuer,
      settings.client_id,
      undefined,
      secret ? oidc.ClientSecretBasic(secret) : oidc.None(),
      { timeout: 10, ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}) },
    );
    this.#discovered.set(tenantId, { key, config, until: Date.now() + DISCOVERY_TTL_MS });
    return config;
  }

  #requireKeyring(): Keyring {
    if (!this.#keyring) throw new SsoLoginFailed('unavailable');
    return this.#keyring;
  }

  async #auditFailure(tenantId: string, context: RequestContext, reason: string, user?: Account) {
    const event: AuditEventInput = {
      ...(user
        ? { actorType: 'user' as const, actorId: user.id }
        : { actorType: 'system' as const, actorId: null }),
      action: 'auth.login',
      objectType: 'user',
      objectId: user?.id ?? null,
      requestId: context.requestId,
      outcome: 'failure',
      reason,
    };
    await recordAuditEventInOwnTransaction(this.#database, { tenantId, userId: null }, event);
  }
}

const refuse = (refusal: SsoRefusal, user: Account | undefined) => ({
  kind: 'refused' as const,
  refusal,
  user,
});

function displayNameOf(claims: Claims, email: string): string {
  const name = typeof claims.name === 'string' ? claims.name.trim() : '';
  return (name || (email.split('@')[0] ?? email)).slice(0, 200);
}
