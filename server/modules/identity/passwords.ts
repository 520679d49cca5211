import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as de from '@zxcvbn-ts/language-de';
import * as en from '@zxcvbn-ts/language-en';
import { Invalid } from '../../errors.ts';

const argon2Async = promisify(argon2);

/** argon2id parameters: OWASP's second recommendation (19 MiB, 2 passes, 1 lane). */
export interface Argon2Parameters {
  memoryKiB: number;
  passes: number;
  parallelism: number;
}

export const ARGON2_PARAMETERS: Readonly<Argon2Parameters> = { memoryKiB: 19_456, passes: 2, parallelism: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').replace(/=+$/, '');

async function derive(
  password: string,
  salt: Uint8Array,
  p: Argon2Parameters,
  length: number,
): Promise<Buffer> {
  return argon2Async('argon2id', {
    message: Buffer.from(password.normalize('NFC'), 'utf8'),
    nonce: salt,
    memory: p.memoryKiB,
    passes: p.passes,
    parallelism: p.parallelism,
    tagLength: length,
  });
}

/**
 * argon2id of a secret under a caller-chosen salt, with the password parameters: deterministic for the same
 * salt, so a value can be looked up by its digest (report receipts, whose salt is the tenant's).
 */
export function argon2idDigest(secret: string, salt: Uint8Array, length = HASH_BYTES): Promise<Buffer> {
  return derive(secret, salt, ARGON2_PARAMETERS, length);
}

/** Hashes a password with argon2id into a PHC string: `$argon2id$v=19$m=…,t=…,p=…$salt$hash`. */
export async function hashPassword(
  password: string,
  parameters: Argon2Parameters = ARGON2_PARAMETERS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, parameters, HASH_BYTES);
  const { memoryKiB: m, passes: t, parallelism: p } = parameters;
  return `$argon2id$v=19$m=${m},t=${t},p=${p}$${b64(salt)}$${b64(hash)}`;
}

interface ParsedHash {
  parameters: Argon2Parameters;
  salt: Buffer;
  hash: Buffer;
}

const phc =
  /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{22,})$/;

function parse(encoded: string): ParsedHash | null {
  const match = phc.exec(encoded);
  if (!match) return null;
  const [, m, t, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const parameters = { memoryKiB: Number(m), passes: Number(t), parallelism: Number(p) };
  if (
    parameters.memoryKiB < 8 * parameters.parallelism ||
    parameters.passes < 1 ||
    parameters.parallelism < 1
  )
    return null;
  return { parameters, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

/** True when `password` matches the PHC string; compares in constant time. A malformed hash never matches. */
export async function verifyPassword(encoded: string, password: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.parameters, parsed.hash.length);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the hash was made with other parameters than today's, so it should be replaced at the next login. */
export function needsRehash(encoded: string, parameters: Argon2Parameters = ARGON2_PARAMETERS): boolean {
  const parsed = parse(encoded);
  if (!parsed) return true;
  return (
    parsed.parameters.memoryKiB !== parameters.memoryKiB ||
    parsed.parameters.passes !== parameters.passes ||
    parsed.parameters.parallelism !== parameters.parallelism ||
    parsed.hash.length !== HASH_BYTES
  );
}

let dummyHash: Promise<string> | undefined;
/** A hash of a random password, verified when there is no user, so that unknown accounts take as long. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64'));
  return dummyHash;
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
export const PASSWORD_MIN_SCORE = 3;

let zxcvbn: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  // German dictionaries share key names with nothing else once prefixed; the English ones carry -en already.
  const german = Object.fromEntries(
    Object.entries(de.dictionary).map(([key, words]) => [`${key}-de`, words]),
  );
  zxcvbn ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary, ...german },
  });
  return zxcvbn;
}

/**
 * Enforces the password policy: 12 to 256 characters and a zxcvbn score of at least 3, with the user's
 * e-mail and name counted as guessable. Throws Invalid('password_too_weak') with the estimator's advice.
 */
export function checkPasswordPolicy(password: string, userInputs: ReadonlyArray<string> = []): void {
  const fields = (message: string) => [{ path: 'password', message }];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    const message = `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`;
    throw new Invalid('password_too_weak', message, fields(message));
  }
  if (length > PASSWORD_MAX_LENGTH) {
    const message = `The password must have at most ${PASSWORD_MAX_LENGTH} characters.`;
    throw new Invalid('password_too_weak', message, fields(message));
  }
  const inputs = userInputs.flatMap((input) => [input, ...input.toLowerCase().split(/[^\p{L}\p{N}]+/u)]);
  const result = estimator().check(
    password,
    inputs.filter((input) => input.length > 0),
  );
  if (result.score < PASSWORD_MIN_SCORE) {
    const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
    const message = `The password is too easy to guess.${advice ? ` ${advice}` : ''}`;
    throw new Invalid('password_too_weak', message, fields(message));
  }
}
