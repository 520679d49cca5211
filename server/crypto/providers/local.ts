import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { ConfigError, type KeyProviderConfig } from '../../config.ts';
import { aeadDecrypt, aeadEncrypt, DecryptionError } from '../aead.ts';
import {
  assertWrappedHere,
  canonicalContext,
  type KeyProvider,
  KeyUnwrapError,
  type WrapContext,
  type WrappedKey,
} from '../key-provider.ts';

type LocalConfig = Extract<KeyProviderConfig, { kind: 'local' }>;

const KEY_BYTES = 32;
const FORMAT = 0x01;
// Version byte, 12-byte nonce, the 32-byte key, 16-byte tag: every wrapped key has exactly this length.
const WRAPPED_BYTES = 1 + 12 + KEY_BYTES + 16;
// Domain separation: the fingerprint can never equal a hash of the key computed for any other purpose.
const FINGERPRINT_PREFIX = Buffer.from('tma/local-master-key-id/v1\0', 'utf8');

/** The public name of a master key: `local:` and 16 hex characters of a domain-separated SHA-256. */
export function localMasterKeyId(masterKey: Buffer): string {
  const digest = createHash('sha256').update(FINGERPRINT_PREFIX).update(masterKey).digest('hex');
  return `local:${digest.slice(0, 16)}`;
}

/**
 * The local provider: a 256-bit master key held in process memory, from TMA_MASTER_KEY(_FILE) or, on the
 * embedded database, from a key file generated on first start.
 */
export async function createLocalKeyProvider(config: LocalConfig, logger: Logger): Promise<KeyProvider> {
  let masterKey: Buffer;
  if (config.masterKey) {
    if (config.masterKey.length !== KEY_BYTES) throw new Error('the local master key must be 32 bytes');
    // A copy, so that close() can wipe it without touching the caller's buffer.
    masterKey = Buffer.from(config.masterKey);
  } else if (config.generatedKeyFile) {
    masterKey = await readOrCreateKeyFile(config.generatedKeyFile, logger);
  } else {
    throw new Error('the local key provider needs a master key or a key file');
  }
  return new LocalKeyProvider(masterKey);
}

class LocalKeyProvider implements KeyProvider {
  readonly kind = 'local' as const;
  readonly #masterKeyId: string;
  #masterKey: Buffer | null;

  constructor(masterKey: Buffer) {
    this.#masterKey = masterKey;
    this.#masterKeyId = localMasterKeyId(masterKey);
  }

  async generateKey(context: WrapContext): Promise<{ plaintext: Buffer; wrapped: WrappedKey }> {
    const plaintext = randomBytes(KEY_BYTES);
    return { plaintext, wrapped: await this.wrapKey(plaintext, context) };
  }

  async wrapKey(plaintext: Buffer, context: WrapContext): Promise<WrappedKey> {
    if (plaintext.length !== KEY_BYTES) throw new Error('only 256-bit keys can be wrapped');
    const ciphertext = aeadEncrypt(this.#key(), plaintext, canonicalContext(context));
    return { provider: this.kind, masterKeyId: this.#masterKeyId, ciphertext };
  }

  async unwrapKey(wrapped: WrappedKey, context: WrapContext): Promise<Buffer> {
    const key = this.#key();
    assertWrappedHere(wrapped, {
      kind: this.kind,
      masterKeyId: this.#masterKeyId,
      bytes: WRAPPED_BYTES,
      format: FORMAT,
    });
    try {
      return aeadDecrypt(key, wrapped.ciphertext, canonicalContext(context));
    } catch (error) {
      if (error instanceof DecryptionError) {
        throw new KeyUnwrapError('the wrapped key does not open: its context differs or it was altered');
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#masterKey?.fill(0);
    this.#masterKey = null;
  }

  #key(): Buffer {
    if (!this.#masterKey) throw new Error('the local key provider is closed');
    return this.#masterKey;
  }
}

/** Reads the generated master key file, or creates it (once, atomically) when it does not exist yet. */
async function readOrCreateKeyFile(file: string, logger: Logger): Promise<Buffer> {
  const existing = await readKeyFile(file);
  if (existing) return existing;
  const key = randomBytes(KEY_BYTES);
  if (!(await createKeyFile(file, key))) {
    // Another process created it between our read and our link: use theirs.
    const created = await readKeyFile(file);
    if (!created) throw new Error(`master key file ${file} vanished while it was being created`);
    return created;
  }
  logger.warn(
    { keyFile: file },
    `Generated a new master key in ${file}. Back this file up now and store the copy apart from the database backups: without it every encrypted case is lost, and whoever holds both can read them.`,
  );
  return key;
}

async function readKeyFile(file: string): Promise<Buffer | null> {
  let mode: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ConfigError(`master key file ${file} is not a regular file`);
    mode = info.mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(
      `master key file ${file} is readable or writable by group or others (mode ${(mode & 0o777).toString(8)}); run \`chmod 600 ${file}\``,
    );
  }
  const text = (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  const key = Buffer.from(text, 'base64');
  // Buffer.from ignores characters that are not base64: insist that the text is exactly the encoding.
  if (key.length !== KEY_BYTES || key.toString('base64') !== text) {
    throw new ConfigError(`master key file ${file} must hold exactly 32 bytes in base64 (44 characters)`);
  }
  return key;
}

/**
 * Writes the key to a private temporary file, flushes it, then hard-links it into place: the key file
 * appears complete or not at all, and an existing file is never overwritten. False if one already exists.
 */
async function createKeyFile(file: string, key: Buffer): Promise<boolean> {
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temporary = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${key.toString('base64')}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, file);
    // Make the new directory entry durable too, before any data gets wrapped under this key.
    const directory = await open(folder, 'r');
    await directory.sync().finally(() => directory.close());
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary);
  }
}
