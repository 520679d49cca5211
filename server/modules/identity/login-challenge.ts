import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { recordAuditEvent } from '../audit/service.ts';
import type { PasskeyAssertion } from './passkey-schemas.ts';
import { type RelyingParty, verifyPasskeyAssertion } from './passkey-verify.ts';
import {
  claimTotpStep,
  consumeChallenge,
  countChallengeFailure,
  findChallengeByTokenHash,
  findTotp,
  insertChallenge,
  pruneChallenges,
  spendRecoveryCode,
} from './second-factor-store.ts';
import type { LoginOutcome, RequestContext } from './service.ts';
import { newSessionToken } from './sessions.ts';
import type { UserRow } from './store.ts';
import { hashRecoveryCode, matchTotpStep } from './totp.ts';
import { totpField } from './users.ts';

// The second step of a login: a challenge issued once the first factor is proved (password or single
// sign-on), and the answer to it checked (TOTP code, recovery code or passkey). sign-in.ts drives both.

/** How long the second step of a login may take, and how many wrong codes one challenge tolerates. */
export const CHALLENGE_MINUTES = 5;
const CHALLENGE_MAX_FAILURES = 5;

/** The answer to the second step: the challenge and one of a code, a recovery code or a passkey. */
export interface SecondFactorAnswer {
  challenge: string;
  code?: string | undefined;
  recoveryCode?: string | undefined;
  passkey?: PasskeyAssertion | undefined;
}

/** Whether a challenge may still be answered at `now`: not used up, not expired. */
export const challengeIsLive = (challenge: { used_at: Date | null; expires_at: Date }, now: Date) =>
  challenge.used_at === null && challenge.expires_at.getTime() > now.getTime();

/** Starts the second step of a login: a random challenge, only its hash stored (audited). */
export async function insertLoginChallenge(
  trx: TenantTransaction,
  tenantId: string,
  userId: string,
  context: RequestContext,
  now: Date,
  reason: string | null,
): Promise<string> {
  await pruneChallenges(trx, now);
  const { token, tokenHash } = newSessionToken();
  await insertChallenge(trx, {
    tenant_id: tenantId,
    user_id: userId,
    token_hash: tokenHash,
    created_at: now,
    expires_at: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
  });
  await recordAuditEvent(trx, {
    actorType: 'user',
    actorId: userId,
    action: 'auth.second_factor_challenge',
    objectType: 'user',
    objectId: userId,
    requestId: context.requestId,
    outcome: 'success',
    reason,
  });
  return token;
}

/** What a login that needs its second step answers: the challenge and when it ends. */
export function challengeOutcome(challenge: string, now: Date): LoginOutcome {
  return {
    kind: 'challenge',
    state: {
      secondFactorRequired: true,
      challenge,
      expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString(),
    },
  };
}

/**
 * Checks an answer inside the user's transaction. Right: the challenge is used up ('ok'). Wrong: the failure
 * is counted and audited, and the challenge used up after CHALLENGE_MAX_FAILURES ('wrong').
 * 'challenge_invalid' when the challenge ended since it was looked up.
 */
export async function answerChallenge(
  trx: TenantTransaction,
  tokenHash: Buffer,
  user: UserRow,
  input: SecondFactorAnswer,
  check: {
    relyingParty: RelyingParty;
    tenantKeys: TenantKeys | undefined;
    now: Date;
    context: RequestContext;
  },
): Promise<'ok' | 'wrong' | 'challenge_invalid'> {
  const { relyingParty, tenantKeys, now, context } = check;
  const challenge = await findChallengeByTokenHash(trx, tokenHash);
  if (!challenge || !challengeIsLive(challenge, now)) return 'challenge_invalid';
  let ok = false;
  let passkeyFailure: string | undefined;
  if (input.passkey !== undefined) {
    const expected = {
      purpose: 'second_factor' as const,
      userId: user.id,
      loginChallengeId: challenge.id,
    };
    const result = await verifyPasskeyAssertion(
      trx,
      relyingParty,
      input.passkey as AuthenticationResponseJSON,
      expected,
      now,
      context.requestId,
    );
    ok = result.ok;
    if (!result.ok) passkeyFailure = result.reason;
  } else if (input.code !== undefined && tenantKeys) {
    const totp = await findTotp(trx, user.id);
    if (totp?.confirmed_at) {
      const cipher = await tenantKeys.scope(trx, 'user', user.id);
      const secret = cipher.openText(totp.secret_sealed, totpField(user.id));
      const step = matchTotpStep(secret, input.code, now);
      ok = step !== undefined && (await claimTotpStep(trx, user.id, step));
    }
  } else if (input.recoveryCode !== undefined) {
    ok = await spendRecoveryCode(trx, user.id, hashRecoveryCode(input.recoveryCode), now);
    if (ok)
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: user.id,
        action: 'auth.recovery_code_used',
        objectType: 'user',
        objectId: user.id,
        requestId: context.requestId,
        outcome: 'success',
      });
  }
  if (ok) {
    await consumeChallenge(trx, challenge.id, now);
    return 'ok';
  }
  const failures = await countChallengeFailure(trx, challenge.id);
  if (failures >= CHALLENGE_MAX_FAILURES) await consumeChallenge(trx, challenge.id, now);
  await recordAuditEvent(trx, {
    actorType: 'user',
    actorId: user.id,
    action: 'auth.second_factor_failed',
    objectType: 'user',
    objectId: user.id,
    requestId: context.requestId,
    outcome: 'failure',
    reason: passkeyFailure ?? (input.code !== undefined ? 'wrong_totp_code' : 'wrong_recovery_code'),
  });
  return 'wrong';
}
