import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small KMS-compatible service on loopback, for tests that have no AWS account: it speaks the KMS JSON
 * protocol (`X-Amz-Target: TrentService.<Operation>`, `application/x-amz-json-1.1`, blobs in base64) for
 * GenerateDataKey, Encrypt, Decrypt, DescribeKey and ScheduleKeyDeletion (a key pending deletion refuses
 * every cryptographic use with KMSInvalidStateException, as KMS does), really encrypts with its own AES-256 keys (AES-GCM, the
 * encryption context as associated data), and answers errors in KMS's shape. Code under test talks to it
 * over HTTP through the real AWS SDK, which must sign its requests (SigV4 `Authorization` header).
 */
export interface KmsEndpoint {
  /** Base URL to pass as the SDK's `endpoint`. */
  endpoint: string;
  region: string;
  /** ARN of the key created at start; `alias/tma-test` points at it too. */
  keyArn: string;
  /** Creates another key and returns its ARN. */
  addKey(): string;
  /** The operations received, in order (e.g. `Decrypt`), to check what the client really asked. */
  operations: string[];
  close(): Promise<void>;
}

interface KmsKey {
  id: string;
  arn: string;
  material: Buffer;
  createdAt: number;
  /** Set by ScheduleKeyDeletion: the key is PendingDeletion from then on (seconds since the epoch). */
  deletionDate?: number;
}

class KmsError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

const BLOB_VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[a-z0-9-]+\/kms\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;

/** The encryption context in one canonical byte form (sorted entries), as the associated data. */
function contextBytes(context: Record<string, string>): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : 1))), 'utf8');
}

function readContext(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KmsError('ValidationException', 'EncryptionContext must be a map of strings');
  }
  for (const entry of Object.values(value)) {
    if (typeof entry !== 'string')
      throw new KmsError('ValidationException', 'EncryptionContext values must be strings');
  }
  return value as Record<string, string>;
}

function readBlob(value: unknown, field: string, max = 6144): Buffer {
  if (typeof value !== 'string') throw new KmsError('ValidationException', `${field} is required`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 0 || bytes.length > max || bytes.toString('base64') !== value) {
    throw new KmsError('ValidationException', `${field} must be 1 to ${max} bytes in base64`);
  }
  return bytes;
}

/** Ciphertext blob: version, key id length, key id, IV, ciphertext, tag (KMS blobs also name their key). */
function seal(key: KmsKey, plaintext: Buffer, context: Record<string, string>): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.material, iv);
  const keyId = Buffer.from(key.id, 'utf8');
  const header = Buffer.concat([Buffer.from([BLOB_VERSION, keyId.length]), keyId]);
  // The header is authenticated too: a blob edited to name another key does not open.
  cipher.setAAD(Buffer.concat([header, contextBytes(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, iv, body, cipher.getAuthTag()]);
}

function blobKeyId(blob: Buffer): string {
  const length = blob[1] ?? 0;
  if (blob[0] !== BLOB_VERSION || blob.length < 2 + length + IV_BYTES + TAG_BYTES) {
    throw new KmsError('InvalidCiphertextException', '');
  }
  return blob.subarray(2, 2 + length).toString('utf8');
}

function open(key: KmsKey, blob: Buffer, context: Record<string, string>): Buffer {
  const headerLength = 2 + (blob[1] ?? 0);
  const iv = blob.subarray(headerLength, headerLength + IV_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key.material, iv);
  decipher.setAAD(Buffer.concat([blob.subarray(0, headerLength), contextBytes(context)]));
  decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(blob.subarray(headerLength + IV_BYTES, blob.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new KmsError('InvalidCiphertextException', '');
  }
}

/** Starts the endpoint on 127.0.0.1 with one key, on a random port. */
export async function startKmsEndpoint(
  options: { region?: string; accountId?: string } = {},
): Promise<KmsEndpoint> {
  const region = options.region ?? 'eu-central-1';
  const accountId = options.accountId ?? '111122223333';
  const keys = new Map<string, KmsKey>();
  const aliases = new Map<string, string>();
  const operations: string[] = [];

  const addKey = (): string => {
    const id = randomUUID();
    const arn = `arn:aws:kms:${region}:${accountId}:key/${id}`;
    keys.set(id, { id, arn, material: randomBytes(32), createdAt: Date.now() / 1000 });
    return arn;
  };

  const resolve = (keyId: unknown): KmsKey => {
    if (typeof keyId !== 'string' || keyId === '')
      throw new KmsError('ValidationException', 'KeyId is required');
    let id = keyId;
    const alias = aliases.get(keyId.replace(/^arn:aws:kms:[^:]+:\d+:/, ''));
    if (alias) id = alias;
    else if (keyId.startsWith('arn:')) id = keyId.replace(`arn:aws:kms:${region}:${accountId}:key/`, '');
    const key = keys.get(id);
    if (!key) throw new KmsError('NotFoundException', `Key '${keyId}' does not exist`);
    return key;
  };

  /** A key for a cryptographic operation: KMS refuses one that is pending deletion. */
  const usable = (key: KmsKey): KmsKey => {
    if (key.deletionDate !== undefined) {
      throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    }
    return key;
  };

  const handlers: Record<string, (input: Record<string, unknown>) => object> = {
    DescribeKey: (input) => {
      const key = resolve(input.KeyId);
      return {
        KeyMetadata: {
          AWSAccountId: accountId,
          KeyId: key.id,
          Arn: key.arn,
          CreationDate: key.createdAt,
          Enabled: key.deletionDate === undefined,
          Description: '',
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeyState: key.deletionDate === undefined ? 'Enabled' : 'PendingDeletion',
          ...(key.deletionDate === undefined ? {} : { DeletionDate: key.deletionDate }),
          Origin: 'AWS_KMS',
          KeyManager: 'CUSTOMER',
          CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
          KeySpec: 'SYMMETRIC_DEFAULT',
          EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
          MultiRegion: false,
        },
      };
    },
    ScheduleKeyDeletion: (input) => {
      const key = resolve(input.KeyId);
      const days = input.PendingWindowInDays === undefined ? 30 : Number(input.PendingWindowInDays);
      if (!Number.isInteger(days) || days < 7 || days > 30) {
        throw new KmsError('ValidationException', 'PendingWindowInDays must be between 7 and 30');
      }
      usable(key);
      key.deletionDate = Math.floor(Date.now() / 1000) + days * 86_400;
      return {
        KeyId: key.arn,
        DeletionDate: key.deletionDate,
        KeyState: 'PendingDeletion',
        PendingWindowInDays: days,
      };
    },
    GenerateDataKey: (input) => {
      const key = usable(resolve(input.KeyId));
      const bytes =
        input.KeySpec === 'AES_256' ? 32 : input.KeySpec === 'AES_128' ? 16 : Number(input.NumberOfBytes);
      if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) {
        throw new KmsError('ValidationException', 'KeySpec or NumberOfBytes is required');
      }
      const plaintext = randomBytes(bytes);
      return {
        KeyId: key.arn,
        Plaintext: plaintext.toString('base64'),
        CiphertextBlob: seal(key, plaintext, readContext(input.EncryptionContext)).toString('base64'),
      };
    },
    Encrypt: (input) => {
      const key = usable(resolve(input.KeyId));
      const plaintext = readBlob(input.Plaintext, 'Plaintext', 4096);
      return {
        KeyId: key.arn,
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        CiphertextBlob: seal(key, plaintext, readContext(input.EncryptionContext)).toString('base64'),
      };
    },
    Decrypt: (input) => {
      const blob = readBlob(input.CiphertextBlob, 'CiphertextBlob');
      const context = readContext(input.EncryptionContext);
      const key = keys.get(blobKeyId(blob));
      if (!key) throw new KmsError('InvalidCiphertextException', '');
      if (input.KeyId !== undefined && resolve(input.KeyId).id !== key.id) {
        throw new KmsError(
          'IncorrectKeyException',
          'The key ID in the request does not identify a CMK that can perform this operation.',
        );
      }
      usable(key);
      return {
        KeyId: key.arn,
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        Plaintext: open(key, blob, context).toString('base64'),
      };
    },
  };

  const answer = (response: ServerResponse, status: number, body: object) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
    });
    response.end(text);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > 65_536) throw new KmsError('ValidationException', 'request body too large', 413);
      chunks.push(chunk as Buffer);
    }
    if (!SIGV4.test(request.headers.authorization ?? '') || !request.headers['x-amz-date']) {
      throw new KmsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    if (request.method !== 'POST' || request.headers['content-type'] !== 'application/x-amz-json-1.1') {
      throw new KmsError('SerializationException', 'expected POST with application/x-amz-json-1.1');
    }
    const target = /^TrentService\.(\w+)$/.exec(String(request.headers['x-amz-target'] ?? ''))?.[1];
    const handler = target ? handlers[target] : undefined;
    if (!target || !handler) throw new KmsError('UnknownOperationException', '');
    operations.push(target);
    let input: unknown;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      throw new KmsError('SerializationException', 'the body is not JSON');
    }
    if (typeof input !== 'object' || input === null) throw new KmsError('SerializationException', '');
    answer(response, 200, handler(input as Record<string, unknown>));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof KmsError) {
        answer(response, error.status, { __type: error.type, message: error.message });
      } else {
        answer(response, 500, { __type: 'KMSInternalException', message: String(error) });
      }
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;

  const keyArn = addKey();
  aliases.set('alias/tma-test', keyArn.split('/')[1] as string);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region,
    keyArn,
    addKey,
    operations,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolveClose()));
      }),
  };
}
