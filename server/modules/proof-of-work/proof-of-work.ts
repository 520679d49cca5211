import { createHash } from 'node:crypto';
import {
  type ChallengeParameters,
  createChallenge,
  randomInt,
  type Solution,
  verifySolution,
} from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Kysely, Transaction } from 'kysely';
import { keyedDigest } from '../../crypto/key-purposes.ts';
import type { TenantKeys } from '../../crypto/keyring.ts';
import type { DB } from '../../db/schema.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid } from '../../errors.ts';

// The public reporting portal takes reports without login. Before it accepts one, the browser proves it
// spent CPU time on an ALTCHA challenge (altcha-lib's v2 format, self-hosted, no third-party service):
// cheap for one person filing one report, costly for a bot filing thousands.

/** A signed challenge, as sent to the browser (altcha-lib's `Challenge`, always signed here). */
export interface PortalChallenge {
  parameters: ChallengeParameters;
  signature: string;
}

/**
 * The counter the browser must find is random in 1..maxNumber, one SHA-256 per try: maxNumber / 2 hashes
 * on average. Measured in Chromium (crypto.subtle, the counter at 50,000): 0.3–0.4 s on one core here;
 * with 4× CPU throttling, the usual stand-in for a phone, 2 s on the main thread and 0.55 s in the
 * portal's two workers, so a phone waits about a quarter to half a second on average. A bot pays 25,000
 * hashes for every report it files; 100,000 would put a slow phone without workers at 4 s.
 */
export const DEFAULT_MAX_NUMBER = 50_000;
export const DEFAULT_EXPIRES_IN_SECONDS = 600;
/** Spent rows outlive their challenge by this much, so an instance whose clock lags cannot be replayed. */
export const PURGE_MARGIN_SECONDS = 300;

const KEY_SCOPE = 'portal';
const ALGORITHM = 'SHA-256';
/** Ours are about 600 characters; anything much longer is not one of ours. */
const MAX_PAYLOAD_LENGTH = 4096;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MAX_COUNTER = 0xffffffff;

const invalid = () =>
  new Invalid(
    'proof_of_work_invalid',
    'The anti-bot check failed or expired. Reload the page and try again.',
  );

/**
 * The challenge was solved, but asks for less work than is due now (the portal's receipt logins cost more
 * while receipts are being guessed): fetch a new challenge and solve that (409).
 */
export class ProofOfWorkOutdated extends Conflict {
  override name = 'ProofOfWorkOutdated';
  constructor() {
    super(
      'proof_of_work_outdated',
      'The anti-bot check has become harder since this one was issued. Solve a new one and try again.',
    );
  }
}

/**
 * The work a challenge asks for: its largest counter, signed into the challenge (`data.maxNumber`). A
 * challenge without one was issued by an earlier release, always with the default.
 */
export function challengeWork(parameters: Pick<ChallengeParameters, 'data'>): number {
  const maxNumber = parameters.data?.maxNumber;
  return typeof maxNumber === 'number' && Number.isInteger(maxNumber) ? maxNumber : DEFAULT_MAX_NUMBER;
}

/**
 * The tenant's challenge secret, the same on every instance: derived from the tenant's `portal` data key
 * (created on first use). Inside the tenant's transaction.
 */
export async function loadPortalSecret(trx: TenantTransaction, tenantKeys: TenantKeys): Promise<Buffer> {
  const cipher = await tenantKeys.scope(trx, KEY_SCOPE, tenantKeys.tenantId);
  return cipher.deriveKey('portal.proof_of_work');
}

function hmacSecret(secret: Buffer): string {
  if (secret.length < 32) throw new TypeError('the proof-of-work secret must have at least 32 bytes');
  return secret.toString('hex');
}

/**
 * A new challenge for the portal's browser, signed with the tenant's secret and expiring. Its work
 * (`maxNumber`) is signed into it, so that the server can demand a minimum when it is answered.
 */
export async function createPortalChallenge(
  secret: Buffer,
  options: { maxNumber?: number; expiresInSeconds?: number; now?: () => Date } = {},
): Promise<PortalChallenge> {
  const maxNumber = options.maxNumber ?? DEFAULT_MAX_NUMBER;
  const expiresInSeconds = options.expiresInSeconds ?? DEFAULT_EXPIRES_IN_SECONDS;
  if (!Number.isInteger(maxNumber) || maxNumber < 1 || maxNumber > MAX_COUNTER)
    throw new TypeError('maxNumber must be an integer from 1 to 2^32 - 1');
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1)
    throw new TypeError('expiresInSeconds must be a positive integer');
  const now = options.now?.() ?? new Date();
  // Deterministic mode: the server picks the counter and signs the key prefix it yields, so the work is
  // bounded (no unlucky visitor searches for ever) and checking an answer costs one hash.
  const challenge = await createChallenge({
    algorithm: ALGORITHM,
    cost: 1,
    counter: randomInt(maxNumber),
    data: { maxNumber },
    deriveKey,
    expiresAt: new Date(now.getTime() + expiresInSeconds * 1000),
    hmacSignatureSecret: hmacSecret(secret),
  });
  if (!challenge.signature) throw new Error('altcha-lib returned an unsigned challenge');
  return { parameters: challenge.parameters, signature: challenge.signature };
}

interface PortalPayload {
  challenge: PortalChallenge;
  solution: Pick<Solution, 'counter' | 'derivedKey'>;
  expiresAt: Date;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The payload's parts if it has the browser's shape (web/portal/proof-of-work.ts); nothing is trusted yet. */
function parsePayload(payload: unknown): PortalPayload | undefined {
  if (typeof payload !== 'string' || payload.length > MAX_PAYLOAD_LENGTH || !BASE64.test(payload)) return;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return;
  }
  if (!isRecord(decoded) || !isRecord(decoded.challenge) || !isRecord(decoded.solution)) return;
  const { parameters, signature } = decoded.challenge;
  const { counter, derivedKey } = decoded.solution;
  if (!isRecord(parameters) || typeof signature !== 'string') return;
  const { algorithm, expiresAt } = parameters;
  if (algorithm !== ALGORITHM || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return;
  if (typeof counter !== 'number' || typeof derivedKey !== 'string') return;
  return {
    challenge: { parameters: parameters as unknown as ChallengeParameters, signature },
    solution: { counter, derivedKey },
    expiresAt: new Date(expiresAt * 1000),
  };
}

/**
 * Accepts a solved challenge once: checks its signature (this tenant's secret), expiry and answer, then
 * records it as spent in `trx`, so it is refused from then on by every instance. Throws
 * `Invalid('proof_of_work_invalid')` for any failure, without saying which; `ProofOfWorkOutdated` for a
 * valid challenge that asked for less than `minWork`. Any transaction will do (the table is not tenant
 * data); the tenant's, so that a report that fails to save does not spend it.
 */
export async function verifyPortalSolution(
  trx: Transaction<DB>,
  secret: Buffer,
  payload: string,
  now: Date = new Date(),
  options: { minWork?: number } = {},
): Promise<void> {
  const hmacSignatureSecret = hmacSecret(secret);
  const parsed = parsePayload(payload);
  if (!parsed) throw invalid();
  const { challenge, solution, expiresAt } = parsed;
  if (expiresAt.getTime() <= now.getTime()) throw invalid();
  let verified = false;
  try {
    // altcha-lib checks the expiry again against the system clock, then the signature, then the answer.
    ({ verified } = await verifySolution({
      challenge,
      solution: { ...solution, time: 0 },
      deriveKey,
      hmacSignatureSecret,
    }));
  } catch {
    verified = false;
  }
  if (!verified) throw invalid();
  // Only now is `data` known to be ours: it is covered by the signature.
  if (options.minWork !== undefined && challengeWork(challenge.parameters) < options.minWork)
    throw new ProofOfWorkOutdated();
  // The signature covers the challenge's random nonce and salt: its keyed hash names the challenge. The
  // row keeps a day, never a time: it is written in the same transaction as an anonymous report.
  const challengeKey = spentChallengeKey(secret, challenge.signature);
  const spent = await trx
    .insertInto('proof_of_work_spent_days')
    .values({ challenge_key: challengeKey, purge_after: purgeDay(expiresAt) })
    .onConflict((conflict) => conflict.column('challenge_key').doNothing())
    .returning('challenge_key')
    .executeTakeFirst();
  // A conflict is a replay, also of one that another instance accepts at this very moment: the insert
  // waits for that transaction and then conflicts.
  if (!spent) throw invalid();
  // Spent by an instance of the previous release (a rolling deploy), which recorded the plain hash.
  const legacy = await trx
    .selectFrom('proof_of_work_spent')
    .select('challenge_hash')
    .where('challenge_hash', '=', createHash('sha256').update(challenge.signature).digest())
    .executeTakeFirst();
  if (legacy) throw invalid();
}

/**
 * The spent record's key: a keyed hash of the signature under a key derived from the tenant's portal
 * secret (server/crypto keeps that key), so that someone holding a copy of a challenge cannot tell from the
 * table whether it was used.
 */
export function spentChallengeKey(secret: Buffer, signature: string): Buffer {
  return keyedDigest(secret, 'portal.proof_of_work.spent', signature);
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** The UTC day after which a challenge expiring at `expiresAt` may be forgotten (margin included). */
export function purgeDay(expiresAt: Date): string {
  return utcDay(new Date(expiresAt.getTime() + PURGE_MARGIN_SECONDS * 1000));
}

/**
 * Deletes spent challenges whose purge day lies before `now`'s UTC day (their challenges, with the margin
 * that covers clocks lagging behind ours, have expired), and the previous release's rows once expired.
 * Returns how many rows went. For a scheduled job, outside any transaction.
 */
export async function purgeSpentChallenges(db: Kysely<DB>, now: Date = new Date()): Promise<number> {
  const days = await db
    .deleteFrom('proof_of_work_spent_days')
    .where('purge_after', '<', utcDay(now))
    .executeTakeFirst();
  const legacy = await db
    .deleteFrom('proof_of_work_spent')
    .where('expires_at', '<', new Date(now.getTime() - PURGE_MARGIN_SECONDS * 1000))
    .executeTakeFirst();
  return Number(days.numDeletedRows) + Number(legacy.numDeletedRows);
}
