import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import type { Logger } from 'pino';
import { ConfigError, type KeyProviderConfig } from '../../config.ts';
import {
  assertNotCurrent,
  type KeyProvider,
  KeyUnwrapError,
  type MasterKeyDestruction,
  type WrapContext,
  type WrappedKey,
} from '../key-provider.ts';

type AwsKmsConfig = Extract<KeyProviderConfig, { kind: 'aws-kms' }>;

const KEY_BYTES = 32;
// KMS answers these when the ciphertext, its encryption context or the key does not match: a data problem,
// not an outage, so callers can tell them apart.
const UNWRAP_FAILURES = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);
// KMS answers these when the key that wrapped it is disabled or pending deletion (`destroy-retired`).
const KEY_GONE = new Set(['KMSInvalidStateException', 'DisabledException', 'NotFoundException']);
/** The shortest pending window KMS allows before it deletes a key (days). */
const MIN_PENDING_WINDOW_DAYS = 7;
// KMS answers these at start when the key cannot be used at all: an operator must fix the setting.
const CONFIG_FAILURES = new Set([
  'NotFoundException',
  'AccessDeniedException',
  'DisabledException',
  'KMSInvalidStateException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
]);

/** A multi-Region key and its replica: the same `mrk-` key id, in ARNs of different regions. */
function sameMultiRegionKey(a: string, b: string): boolean {
  const keyId = (arn: string) =>
    /^arn:aws[a-z-]*:kms:[^:]+:(\d+):key\/(mrk-[0-9a-f]+)$/.exec(arn)?.slice(1).join('/');
  return keyId(a) !== undefined && keyId(a) === keyId(b);
}

function kmsError(operation: string, error: unknown): Error {
  const { name, message } = error as Error;
  // The SDK's messages name the request and the service's answer; neither carries key material.
  return new Error(`AWS KMS ${operation} failed: ${name}: ${message}`, { cause: error });
}

/**
 * The AWS KMS provider: tenant keys are wrapped by a symmetric KMS key that never leaves KMS, with the
 * wrap context as KMS encryption context (so it also appears in CloudTrail). Credentials come from the
 * AWS SDK's default chain (environment, profile, container or instance role).
 */
export async function createAwsKmsKeyProvider(config: AwsKmsConfig, logger: Logger): Promise<KeyProvider> {
  const client = new KMSClient({
    region: config.region,
    endpoint: config.endpoint ?? undefined,
    // Without limits a lost connection would hang the request that needs a tenant key indefinitely.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 },
  });
  try {
    // Fails fast at start on a wrong key id, a missing permission or a disabled key, and learns the ARN.
    const { KeyMetadata: metadata } = await client.send(new DescribeKeyCommand({ KeyId: config.keyId }));
    if (!metadata?.Arn) throw new Error('DescribeKey returned no key ARN');
    if (metadata.KeyUsage !== 'ENCRYPT_DECRYPT' || metadata.KeySpec !== 'SYMMETRIC_DEFAULT') {
      throw new ConfigError(
        `TMA_AWS_KMS_KEY_ID: ${metadata.Arn} must be a symmetric encryption key (it is ${metadata.KeySpec}, ${metadata.KeyUsage})`,
      );
    }
    if (metadata.Enabled === false) throw new ConfigError(`TMA_AWS_KMS_KEY_ID: ${metadata.Arn} is disabled`);
    logger.info({ keyArn: metadata.Arn, region: config.region }, 'AWS KMS key provider ready');
    return new AwsKmsKeyProvider(client, config.keyId, metadata.Arn);
  } catch (error) {
    client.destroy();
    if (error instanceof ConfigError) throw error;
    const name = (error as Error).name;
    if (CONFIG_FAILURES.has(name)) {
      throw new ConfigError(
        `TMA_AWS_KMS_KEY_ID: KMS key ${config.keyId} in ${config.region} cannot be used (${name}: ${(error as Error).message})`,
      );
    }
    throw kmsError('DescribeKey', error);
  }
}

class AwsKmsKeyProvider implements KeyProvider {
  readonly kind = 'aws-kms' as const;
  readonly #client: KMSClient;
  readonly #keyId: string;
  readonly #keyArn: string;
  #closed = false;

  constructor(client: KMSClient, keyId: string, keyArn: string) {
    this.#client = client;
    this.#keyId = keyId;
    this.#keyArn = keyArn;
  }

  get masterKeyId(): string {
    return this.#keyArn;
  }

  async generateKey(context: WrapContext): Promise<{ plaintext: Buffer; wrapped: WrappedKey }> {
    this.#checkOpen();
    let output: { Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array; KeyId?: string };
    try {
      output = await this.#client.send(
        new GenerateDataKeyCommand({
          KeyId: this.#keyId,
          KeySpec: 'AES_256',
          EncryptionContext: { ...context },
        }),
      );
    } catch (error) {
      throw kmsError('GenerateDataKey', error);
    }
    if (output.Plaintext?.length !== KEY_BYTES || !output.CiphertextBlob) {
      throw new Error('AWS KMS GenerateDataKey failed: the answer lacks a 32-byte key or its ciphertext');
    }
    return {
      plaintext: Buffer.from(output.Plaintext),
      wrapped: this.#wrapped(output.CiphertextBlob, output.KeyId),
    };
  }

  async wrapKey(plaintext: Buffer, context: WrapContext): Promise<WrappedKey> {
    this.#checkOpen();
    if (plaintext.length !== KEY_BYTES) throw new Error('only 256-bit keys can be wrapped');
    let output: { CiphertextBlob?: Uint8Array; KeyId?: string };
    try {
      output = await this.#client.send(
        new EncryptCommand({ KeyId: this.#keyId, Plaintext: plaintext, EncryptionContext: { ...context } }),
      );
    } catch (error) {
      throw kmsError('Encrypt', error);
    }
    if (!output.CiphertextBlob) throw new Error('AWS KMS Encrypt failed: the answer lacks a ciphertext');
    return this.#wrapped(output.CiphertextBlob, output.KeyId);
  }

  async unwrapKey(wrapped: WrappedKey, context: WrapContext): Promise<Buffer> {
    this.#checkOpen();
    if (wrapped.provider !== this.kind) {
      throw new KeyUnwrapError(`the key was wrapped by the ${wrapped.provider} key provider, not aws-kms`);
    }
    // No local comparison of masterKeyId with our ARN: a multi-Region replica has another ARN yet decrypts
    // the same ciphertexts. KMS itself refuses a key that did not wrap it (IncorrectKeyException); then,
    // for a key wrapped under an older KMS key (before or during `tma keys rotate-master`), ask that key.
    let output: { Plaintext?: Uint8Array };
    try {
      output = await this.#decrypt(this.#keyId, wrapped, context).catch((error: Error) => {
        if (error.name !== 'IncorrectKeyException' || wrapped.masterKeyId === this.#keyArn) throw error;
        return this.#decrypt(wrapped.masterKeyId, wrapped, context);
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'IncorrectKeyException') {
        throw new KeyUnwrapError(
          `the key was wrapped under a different KMS key (${wrapped.masterKeyId}); this instance uses ${this.#keyArn}`,
        );
      }
      if (UNWRAP_FAILURES.has(name)) {
        throw new KeyUnwrapError('KMS refused the wrapped key: its context differs or it was altered');
      }
      if (KEY_GONE.has(name)) {
        throw new KeyUnwrapError(
          `the KMS key that wrapped it (${wrapped.masterKeyId}) is disabled, pending deletion or deleted (${name})`,
        );
      }
      throw kmsError('Decrypt', error);
    }
    if (output.Plaintext?.length !== KEY_BYTES) {
      throw new KeyUnwrapError('KMS returned a key of the wrong length');
    }
    return Buffer.from(output.Plaintext);
  }

  async holdsMasterKey(masterKeyId: string): Promise<boolean> {
    this.#checkOpen();
    if (masterKeyId === this.#keyArn || sameMultiRegionKey(masterKeyId, this.#keyArn)) return true;
    try {
      const { KeyMetadata: metadata } = await this.#client.send(
        new DescribeKeyCommand({ KeyId: masterKeyId }),
      );
      return metadata?.Enabled !== false && metadata?.KeyUsage === 'ENCRYPT_DECRYPT';
    } catch (error) {
      if (CONFIG_FAILURES.has((error as Error).name)) return false;
      throw kmsError('DescribeKey', error);
    }
  }

  async destroyMasterKey(masterKeyId: string): Promise<MasterKeyDestruction> {
    this.#checkOpen();
    assertNotCurrent(masterKeyId, this.#keyArn);
    if (sameMultiRegionKey(masterKeyId, this.#keyArn)) {
      throw new Error(`${masterKeyId} is a replica of the current KMS key; it cannot be destroyed`);
    }
    try {
      const output = await this.#client.send(
        new ScheduleKeyDeletionCommand({ KeyId: masterKeyId, PendingWindowInDays: MIN_PENDING_WINDOW_DAYS }),
      );
      return {
        outcome: 'scheduled',
        deletionDate: output.DeletionDate,
        detail: `KMS deletes the key after its ${MIN_PENDING_WINDOW_DAYS}-day pending window; until then it refuses every use, and CancelKeyDeletion would bring it back`,
      };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'NotFoundException') return { outcome: 'absent' };
      if (name === 'KMSInvalidStateException') {
        // Already pending deletion (or deleted): nothing left to schedule.
        return { outcome: 'absent', detail: 'already pending deletion' };
      }
      throw kmsError('ScheduleKeyDeletion', error);
    }
  }

  #decrypt(keyId: string, wrapped: WrappedKey, context: WrapContext): Promise<{ Plaintext?: Uint8Array }> {
    return this.#client.send(
      new DecryptCommand({
        KeyId: keyId,
        CiphertextBlob: wrapped.ciphertext,
        EncryptionContext: { ...context },
      }),
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#client.destroy();
  }

  #wrapped(ciphertext: Uint8Array, keyId: string | undefined): WrappedKey {
    return { provider: this.kind, masterKeyId: keyId ?? this.#keyArn, ciphertext: Buffer.from(ciphertext) };
  }

  #checkOpen(): void {
    if (this.#closed) throw new Error('the AWS KMS key provider is closed');
  }
}
