import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import type { WebauthnPurpose } from '../../db/schema-passkeys.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Invalid, Unauthorized } from '../../errors.ts';
import { isLoopbackHostname } from '../../public-url.ts';
import { recordAuditEvent } from '../audit/service.ts';
import {
  consumeWebauthnChallenge,
  findPasskeyByCredentialId,
  findUserHandle,
  insertWebauthnChallenge,
  listPasskeys,
  type PasskeyRow,
  recordPasskeyUse,
} from './passkey-store.ts';

/** How long a WebAuthn challenge may wait for its answer. */
export const WEBAUTHN_CHALLENGE_MINUTES = 5;

/** Who the passkeys belong to: the RP id is TMA_PUBLIC_URL's host, the only origin accepted is its origin. */
export interface RelyingParty {
  id: string;
  origin: string;
}

export function relyingParty(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin };
}

/** Why a passkey ceremony was refused, as the server log shows it: addresses and codes, never secrets. */
export interface PasskeyRefusal {
  reason: string;
  expectedOrigin: string;
  expectedRpId: string;
  receivedOrigin?: string | undefined;
  /** The WebAuthn library's own words, e.g. which RP id hash it expected. */
  detail?: string | undefined;
}

/** A refused passkey registration or sign-in that the identity routes log at warn (passkey-routes.ts). */
export interface LoggedRefusal {
  readonly passkeyRefusal: PasskeyRefusal;
}

export const refusalOf = (error: unknown): PasskeyRefusal | undefined =>
  error instanceof Error && 'passkeyRefusal' in error ? (error as LoggedRefusal).passkeyRefusal : undefined;

/** 422 that says what to do: the browser is at another address of this TMA than its public URL. */
export class PasskeyAddressRefused extends Invalid implements LoggedRefusal {
  readonly passkeyRefusal: PasskeyRefusal;
  constructor(code: string, message: string, refusal: PasskeyRefusal) {
    super(code, message);
    this.passkeyRefusal = refusal;
  }
}

/** 422 `passkey_invalid`: a registration that did not verify (logged with why). */
export class PasskeyRegistrationRefused extends Invalid implements LoggedRefusal {
  readonly passkeyRefusal: PasskeyRefusal;
  constructor(refusal: PasskeyRefusal) {
    super('passkey_invalid', 'The passkey could not be verified. Try again.', [
      { path: 'response', message: refusal.reason },
    ]);
    this.passkeyRefusal = refusal;
  }
}

/** 401 `invalid_credentials` like every failed login (no hint to the caller), but logged with why. */
export class PasskeySignInRefused extends Unauthorized implements LoggedRefusal {
  readonly passkeyRefusal: PasskeyRefusal;
  constructor(message: string, refusal: PasskeyRefusal) {
    super('invalid_credentials', message);
    this.passkeyRefusal = refusal;
  }
}

/** The origin in a WebAuthn response's client data; undefined when that is not readable. */
export function clientDataOrigin(clientDataJSON: string): string | undefined {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as unknown;
    const origin = (data as { origin?: unknown } | null)?.origin;
    return typeof origin === 'string' && origin.length <= 300 ? origin : undefined;
  } catch {
    return undefined;
  }
}

/** The address to suggest: a loopback IP becomes `localhost`, since passkeys need a host name. */
function suggestedOrigin(rp: RelyingParty): string {
  const url = new URL(rp.origin);
  if (isIP(url.hostname.replace(/^\[(.*)\]$/, '$1')) !== 0 && isLoopbackHostname(url.hostname))
    url.hostname = 'localhost';
  return url.origin;
}

/**
 * Refuses, with a 422 that says what to do, a passkey ceremony the browser cannot complete or the server
 * would refuse for the address alone: an RP id that is an IP address (browsers allow passkeys only under a
 * host name), or a browser at another address of this same TMA (a loopback address, or the public host
 * under another scheme or port; typically PORT changed without TMA_PUBLIC_URL). `receivedOrigin` is the
 * Origin header of the options request or the origin in the response's client data; undefined: not known.
 * An unrelated origin is not answered here (that would tell a relaying phishing site the right address):
 * the signature check refuses it like any other bad answer.
 */
export function checkPasskeyAddress(
  rp: RelyingParty,
  receivedOrigin: string | undefined,
  stage: string,
): void {
  const refusal = { expectedOrigin: rp.origin, expectedRpId: rp.id, receivedOrigin };
  if (isIP(rp.id.replace(/^\[(.*)\]$/, '$1')) !== 0) {
    const suggestion = suggestedOrigin(rp);
    throw new PasskeyAddressRefused(
      'passkey_needs_host_name',
      suggestion !== rp.origin
        ? `Passkeys work only under a host name, not an IP address. Open TMA at ${suggestion}, or set TMA_PUBLIC_URL to the address with a host name that you use.`
        : `Passkeys work only under a host name, not an IP address. Set TMA_PUBLIC_URL to an address with a host name (${rp.origin} is an IP address).`,
      { ...refusal, reason: `${stage}:rp_id_is_ip_address` },
    );
  }
  if (receivedOrigin === undefined || receivedOrigin === rp.origin) return;
  let received: URL;
  try {
    received = new URL(receivedOrigin);
  } catch {
    return;
  }
  if (!isLoopbackHostname(received.hostname) && received.hostname !== rp.id) return;
  throw new PasskeyAddressRefused(
    'passkey_origin_mismatch',
    `This page is open at ${received.origin}, but passkeys here belong to ${rp.origin}. Open TMA at ${suggestedOrigin(rp)}, or set TMA_PUBLIC_URL to the address you use.`,
    { ...refusal, reason: `${stage}:origin_mismatch` },
  );
}

export const hashChallenge = (challenge: string): Buffer =>
  createHash('sha256').update(`tma-webauthn:${challenge}`).digest();

/** The challenge a response answers, read from its client data; undefined when that is not readable. */
export function challengeOf(clientDataJSON: string): string | undefined {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as unknown;
    const challenge = (data as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === 'string' && /^[A-Za-z0-9_-]{16,200}$/.test(challenge) ? challenge : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps an issued challenge (its hash) for one answer within five minutes, on any instance. */
export async function storeChallenge(
  trx: TenantTransaction,
  row: { tenantId: string; purpose: WebauthnPurpose; userId: string | null; loginChallengeId?: string },
  challenge: string,
  now: Date,
): Promise<void> {
  await insertWebauthnChallenge(trx, {
    tenant_id: row.tenantId,
    purpose: row.purpose,
    user_id: row.userId,
    login_challenge_id: row.loginChallengeId ?? null,
    challenge_hash: hashChallenge(challenge),
    created_at: now,
    expires_at: new Date(now.getTime() + WEBAUTHN_CHALLENGE_MINUTES * 60_000),
  });
}

/**
 * Options for a passkey assertion. With `userId`, only that user's passkeys are allowed (the second factor);
 * without, the authenticator offers its discoverable credentials (passwordless) and must verify the user.
 */
export async function assertionOptions(
  trx: TenantTransaction,
  rp: RelyingParty,
  scope: { tenantId: string; userId: string | null; loginChallengeId?: string },
  now: Date,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowCredentials = scope.userId
    ? (await listPasskeys(trx, scope.userId)).map((passkey) => ({
        id: Buffer.from(passkey.credential_id).toString('base64url'),
        transports: passkey.transports,
      }))
    : undefined;
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    timeout: 120_000,
    userVerification: scope.userId ? 'preferred' : 'required',
    ...(allowCredentials ? { allowCredentials } : {}),
  });
  await storeChallenge(
    trx,
    { ...scope, purpose: scope.userId ? 'second_factor' : 'passwordless' },
    options.challenge,
    now,
  );
  return options;
}

/** Why an assertion was refused (the audit reason). */
export type PasskeyFailure =
  | 'passkey_challenge_invalid'
  | 'passkey_unknown'
  | 'passkey_user_mismatch'
  | 'passkey_invalid'
  | 'passkey_counter_regressed';

export type AssertionResult =
  | { ok: true; passkey: PasskeyRow }
  | { ok: false; reason: PasskeyFailure; passkey?: PasskeyRow; detail?: string };

/**
 * Checks a passkey assertion inside the tenant transaction: the challenge (used up whatever the outcome),
 * the credential, its owner, the signature over the client data (origin and RP id of TMA_PUBLIC_URL) and
 * the signature counter. A counter that does not grow means a cloned authenticator: refused and audited
 * as `auth.passkey_clone_suspected`. Records the use on success.
 */
export async function verifyPasskeyAssertion(
  trx: TenantTransaction,
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
  expected:
    | { purpose: 'passwordless' }
    | { purpose: 'second_factor'; userId: string; loginChallengeId: string },
  now: Date,
  requestId: string,
): Promise<AssertionResult> {
  const challenge = challengeOf(response.response.clientDataJSON);
  const issued = challenge
    ? await consumeWebauthnChallenge(trx, hashChallenge(challenge), expected.purpose, now)
    : undefined;
  if (!challenge || !issued) return { ok: false, reason: 'passkey_challenge_invalid' };
  if (
    expected.purpose === 'second_factor' &&
    (issued.user_id !== expected.userId || issued.login_challenge_id !== expected.loginChallengeId)
  )
    return { ok: false, reason: 'passkey_challenge_invalid' };

  const passkey = await findPasskeyByCredentialId(trx, Buffer.from(response.rawId, 'base64url'));
  if (!passkey || response.id !== response.rawId) return { ok: false, reason: 'passkey_unknown' };
  if (expected.purpose === 'second_factor' && passkey.user_id !== expected.userId)
    return { ok: false, reason: 'passkey_unknown', passkey };
  // A discoverable credential names its user: it must be the credential's owner.
  const handle = response.response.userHandle;
  if (handle !== undefined || expected.purpose === 'passwordless') {
    const own = await findUserHandle(trx, passkey.user_id);
    if (!handle || !own || !Buffer.from(handle, 'base64url').equals(own))
      return { ok: false, reason: 'passkey_user_mismatch', passkey };
  }

  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      expectedType: 'webauthn.get',
      // The counter is compared below, so that a clone is told apart from a bad signature.
      credential: {
        id: response.rawId,
        publicKey: new Uint8Array(passkey.public_key),
        counter: 0,
        transports: passkey.transports,
      },
      requireUserVerification: expected.purpose === 'passwordless',
    });
  } catch (error) {
    return { ok: false, reason: 'passkey_invalid', passkey, detail: (error as Error).message };
  }
  if (!verification.verified) return { ok: false, reason: 'passkey_invalid', passkey };

  const { newCounter, credentialBackedUp } = verification.authenticationInfo;
  if ((newCounter > 0 || passkey.counter > 0) && newCounter <= passkey.counter) {
    await recordAuditEvent(trx, {
      actorType: 'user',
      actorId: passkey.user_id,
      action: 'auth.passkey_clone_suspected',
      objectType: 'passkey',
      objectId: passkey.id,
      requestId,
      outcome: 'denied',
      reason: `counter=${newCounter}:stored=${passkey.counter}`,
    });
    return { ok: false, reason: 'passkey_counter_regressed', passkey };
  }
  await recordPasskeyUse(trx, passkey.id, newCounter, credentialBackedUp, now);
  return { ok: true, passkey };
}
