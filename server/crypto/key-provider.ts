/**
 * A key provider protects TMA's tenant keys: it wraps (encrypts) a 256-bit key under a master key it
 * holds, and unwraps it again. Local file, HSM (PKCS#11) and AWS KMS implement the same interface, chosen
 * by TMA_KEY_PROVIDER. Providers are called outside database transactions (their calls may be slow).
 */
export interface KeyProvider {
  readonly kind: 'local' | 'pkcs11' | 'aws-kms';
  /** The master key that wraps new keys, as recorded in `WrappedKey.masterKeyId`. */
  readonly masterKeyId: string;
  /**
   * A new random 256-bit key, returned both in plaintext (use, then forget) and wrapped (store). `context`
   * is bound to the wrapped key: unwrapping with another context fails.
   */
  generateKey(context: WrapContext): Promise<{ plaintext: Buffer; wrapped: WrappedKey }>;
  /** Wraps an existing key (used when re-wrapping under a newer master key version). */
  wrapKey(plaintext: Buffer, context: WrapContext): Promise<WrappedKey>;
  /**
   * Unwraps a key wrapped by this provider with the same context, under the master key its `masterKeyId`
   * names: the current one or an older one the provider still holds (during and after a master key
   * rotation). Throws KeyUnwrapError otherwise.
   */
  unwrapKey(wrapped: WrappedKey, context: WrapContext): Promise<Buffer>;
  /** Whether this provider can unwrap keys wrapped under that master key (checked at start). */
  holdsMasterKey(masterKeyId: string): Promise<boolean>;
  /**
   * Destroys a retired master key that this provider reaches, for `tma keys destroy-retired` (which checks
   * first that no stored key is wrapped under it). Throws for the current master key.
   */
  destroyMasterKey(masterKeyId: string): Promise<MasterKeyDestruction>;
  /** Releases sessions and connections. */
  close(): Promise<void>;
}

/**
 * What destroying a retired master key did: `destroyed` (gone now), `scheduled` (KMS: unusable at once,
 * deleted when its pending window ends, at `deletionDate`), `absent` (this provider does not reach it any more:
 * already destroyed or removed), `external` (held from a setting TMA does not own, such as
 * TMA_PREVIOUS_MASTER_KEYS_FILE: `detail` says what the operator must remove).
 */
export interface MasterKeyDestruction {
  outcome: 'destroyed' | 'scheduled' | 'absent' | 'external';
  detail?: string;
  deletionDate?: Date;
}

/** A master key in use may never be destroyed. */
export function assertNotCurrent(masterKeyId: string, current: string): void {
  if (masterKeyId === current) {
    throw new Error(`master key ${masterKeyId} is the current master key; it cannot be destroyed`);
  }
}

/** What a wrapped key is bound to, e.g. `{ tenant: '<uuid>', purpose: 'tenant-key', version: '2' }`. */
export type WrapContext = Readonly<Record<string, string>>;

/** A wrapped key as stored in the database. */
export interface WrappedKey {
  /** The provider that wrapped it. */
  provider: KeyProvider['kind'];
  /**
   * Which master key wrapped it, in the provider's terms: for `local` a fingerprint of the master key,
   * for `pkcs11` the key label and id on the token, for `aws-kms` the key ARN. Lets TMA tell a wrong or
   * rotated master key apart from tampering.
   */
  masterKeyId: string;
  /** The provider's ciphertext (nonce, ciphertext and tag, or the KMS ciphertext blob). */
  ciphertext: Buffer;
}

/** A wrapped key could not be unwrapped: wrong master key, wrong context or tampered ciphertext. */
export class KeyUnwrapError extends Error {
  override name = 'KeyUnwrapError';
}

/**
 * The context serialised canonically (keys sorted), for use as AES-GCM associated data, so that the same
 * context always yields the same bytes whatever the order of its properties.
 */
export function canonicalContext(context: WrapContext): Buffer {
  const sorted = Object.keys(context)
    .sort()
    .map((key) => [key, context[key]]);
  return Buffer.from(JSON.stringify(sorted), 'utf8');
}

/**
 * Checks, before any cryptography, that a wrapped key was made by this provider under this master key and
 * has the expected layout, so that a wrong or rotated master key reads as such rather than as tampering.
 */
export function assertWrappedHere(
  wrapped: WrappedKey,
  here: {
    kind: KeyProvider['kind'];
    /** The current master key, for the message. */
    masterKeyId: string;
    /** Whether the provider holds the master key the wrapped key names. */
    holds: boolean;
    bytes: number;
    format: number;
  },
): void {
  if (wrapped.provider !== here.kind) {
    throw new KeyUnwrapError(`the key was wrapped by the ${wrapped.provider} key provider, not ${here.kind}`);
  }
  if (!here.holds) {
    throw new KeyUnwrapError(
      `the key was wrapped under a different master key (${wrapped.masterKeyId}), which this instance does not hold; it uses ${here.masterKeyId}`,
    );
  }
  if (wrapped.ciphertext.length !== here.bytes || wrapped.ciphertext[0] !== here.format) {
    throw new KeyUnwrapError('the wrapped key has an unknown format version or length');
  }
}
