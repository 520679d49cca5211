import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { ConfigError, type KeyProviderConfig } from '../../config.ts';
import { aeadDecrypt, aeadEncrypt, DecryptionError } from '../aead.ts';
import {
  assertNotCurrent,
  assertWrappedHere,
  canonicalContext,
  type KeyProvider,
  KeyUnwrapError,
  type MasterKeyDestruction,
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

/** Options for opening a key provider at start or from the `tma` command. */
export interface OpenProviderOptions {
  /**
   * Whether a missing generated key file may be created. False when the database already holds wrapped
   * keys: a new key could open none of them (docs/key-providers.md).
   */
  createMasterKey?: boolean;
  /**
   * `tma keys rotate-master` on a generated key file: wrap under the pending next key (`master.key.next`),
   * keeping the current one for unwrapping.
   */
  useNextKey?: boolean;
}

const NEXT_SUFFIX = '.next';

/** Where a generated key file keeps its pending next key during a master key rotation. */
export function nextKeyFile(file: string): string {
  return `${file}${NEXT_SUFFIX}`;
}

/** Where a generated key file keeps a retired key: beside it, named by the key's id. */
export function retiredKeyFile(file: string, masterKeyId: string): string {
  return `${file}.${masterKeyId.replace(/^local:/, '')}`;
}

/**
 * The local provider: a 256-bit master key held in process memory, from TMA_MASTER_KEY(_FILE) or, on the
 * embedded database, from a key file generated on first start. Older master keys (TMA_PREVIOUS_MASTER_KEYS,
 * or retired and pending key files beside the generated one) only unwrap, chosen by `masterKeyId`.
 */
export async function createLocalKeyProvider(
  config: LocalConfig,
  logger: Logger,
  options: OpenProviderOptions = {},
): Promise<KeyProvider> {
  let masterKey: Buffer;
  const older: OlderKey[] = (config.previousMasterKeys ?? []).map((key) => ({
    key: Buffer.from(key),
    file: null,
  }));
  if (config.masterKey) {
    if (config.masterKey.length !== KEY_BYTES) throw new Error('the local master key must be 32 bytes');
    // A copy, so that close() can wipe it without touching the caller's buffer.
    masterKey = Buffer.from(config.masterKey);
  } else if (config.generatedKeyFile) {
    const file = config.generatedKeyFile;
    const current = options.useNextKey
      ? await readKeyFile(nextKeyFile(file))
      : options.createMasterKey === false
        ? await readKeyFile(file)
        : await readOrCreateKeyFile(file, logger);
    if (!current) {
      throw new ConfigError(
        options.useNextKey
          ? `master key file ${nextKeyFile(file)} is missing`
          : `master key file ${file} is missing, but the database holds keys wrapped by a master key: restore the file from its backup (TMA does not create a new key over existing data)`,
      );
    }
    masterKey = current;
    // During a rotation the current file is the previous key; retired and pending keys lie beside it.
    const previous = options.useNextKey ? await readKeyFile(file) : null;
    // The current key file during a rotation is not TMA's to remove: it is promoted to a retired file first.
    if (previous) older.push({ key: previous, file: null });
    older.push(...(await readKeyFilesBeside(file)));
  } else {
    throw new Error('the local key provider needs a master key or a key file');
  }
  return new LocalKeyProvider(masterKey, older);
}

/** An older master key, and the retired key file beside the generated one that holds it (null: a setting). */
interface OlderKey {
  key: Buffer;
  file: string | null;
}

class LocalKeyProvider implements KeyProvider {
  readonly kind = 'local' as const;
  readonly masterKeyId: string;
  /** Every master key held, by id; the current one among them. */
  readonly #keys = new Map<string, Buffer>();
  /** The retired key files (`master.key.<id>`) by id: the keys `destroyMasterKey` may remove. */
  readonly #files = new Map<string, string>();
  #closed = false;

  constructor(masterKey: Buffer, older: OlderKey[]) {
    this.masterKeyId = localMasterKeyId(masterKey);
    for (const { key, file } of older) {
      const id = localMasterKeyId(key);
      this.#keys.set(id, key);
      if (file) this.#files.set(id, file);
    }
    this.#keys.set(this.masterKeyId, masterKey);
    this.#files.delete(this.masterKeyId);
  }

  async generateKey(context: WrapContext): Promise<{ plaintext: Buffer; wrapped: WrappedKey }> {
    const plaintext = randomBytes(KEY_BYTES);
    return { plaintext, wrapped: await this.wrapKey(plaintext, context) };
  }

  async wrapKey(plaintext: Buffer, context: WrapContext): Promise<WrappedKey> {
    if (plaintext.length !== KEY_BYTES) throw new Error('only 256-bit keys can be wrapped');
    const ciphertext = aeadEncrypt(this.#key(this.masterKeyId), plaintext, canonicalContext(context));
    return { provider: this.kind, masterKeyId: this.masterKeyId, ciphertext };
  }

  async unwrapKey(wrapped: WrappedKey, context: WrapContext): Promise<Buffer> {
    this.#key(this.masterKeyId);
    const key = this.#keys.get(wrapped.masterKeyId);
    assertWrappedHere(wrapped, {
      kind: this.kind,
      masterKeyId: this.masterKeyId,
      holds: key !== undefined,
      bytes: WRAPPED_BYTES,
      format: FORMAT,
    });
    try {
      return aeadDecrypt(key as Buffer, wrapped.ciphertext, canonicalContext(context));
    } catch (error) {
      if (error instanceof DecryptionError) {
        throw new KeyUnwrapError('the wrapped key does not open: its context differs or it was altered');
      }
      throw error;
    }
  }

  async holdsMasterKey(masterKeyId: string): Promise<boolean> {
    return this.#keys.has(masterKeyId);
  }

  async destroyMasterKey(masterKeyId: string): Promise<MasterKeyDestruction> {
    this.#key(this.masterKeyId);
    assertNotCurrent(masterKeyId, this.masterKeyId);
    const key = this.#keys.get(masterKeyId);
    if (!key) return { outcome: 'absent' };
    const file = this.#files.get(masterKeyId);
    if (!file) {
      return {
        outcome: 'external',
        detail: `remove the key with id ${masterKeyId} from TMA_PREVIOUS_MASTER_KEYS_FILE (or TMA_PREVIOUS_MASTER_KEYS) on every instance and from your copies of it, then run this command again`,
      };
    }
    // Overwrite before unlinking, so the key's bytes are not left in the file's blocks on a simple file system.
    const handle = await open(file, 'r+');
    try {
      await handle.write(Buffer.alloc(64, 0), 0, 64, 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await unlink(file);
    const directory = await open(path.dirname(file), 'r');
    await directory.sync().finally(() => directory.close());
    key.fill(0);
    this.#keys.delete(masterKeyId);
    this.#files.delete(masterKeyId);
    return { outcome: 'destroyed', detail: file };
  }

  async close(): Promise<void> {
    for (const key of this.#keys.values()) key.fill(0);
    this.#keys.clear();
    this.#closed = true;
  }

  #key(id: string): Buffer {
    const key = this.#keys.get(id);
    if (this.#closed || !key) throw new Error('the local key provider is closed');
    return key;
  }
}

/** The retired (`master.key.<id>`) and pending (`master.key.next`) key files beside a generated key file. */
async function readKeyFilesBeside(file: string): Promise<OlderKey[]> {
  const base = path.basename(file);
  let names: string[];
  try {
    names = await readdir(path.dirname(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const keys: OlderKey[] = [];
  for (const name of names.sort()) {
    const suffix = name.startsWith(`${base}.`) ? name.slice(base.length) : '';
    if (suffix !== NEXT_SUFFIX && !/^\.[0-9a-f]{16}$/.test(suffix)) continue;
    const beside = path.join(path.dirname(file), name);
    const key = await readKeyFile(beside);
    // Only a retired file may be destroyed; the pending next key is a rotation's, not a retired key.
    if (key) keys.push({ key, file: suffix === NEXT_SUFFIX ? null : beside });
  }
  return keys;
}

/**
 * Creates the next master key beside a generated key file (`master.key.next`), unless a rotation that
 * was interrupted left one already. Returns its id.
 */
export async function prepareNextLocalMasterKey(file: string): Promise<string> {
  const next = nextKeyFile(file);
  // createKeyFile never overwrites: a file a concurrent run created first is the one to use.
  if (!(await readKeyFile(next))) await createKeyFile(next, randomBytes(KEY_BYTES));
  const key = await readKeyFile(next);
  if (!key) throw new Error(`master key file ${next} vanished while it was being created`);
  const id = localMasterKeyId(key);
  key.fill(0);
  return id;
}

/**
 * Ends a master key rotation on a generated key file: the current key is kept beside it as
 * `master.key.<id>` (unwrap only, until the operator destroys it) and the next key becomes `master.key`.
 * Each step is atomic, so an interrupted call is completed by the next.
 */
export async function promoteNextLocalMasterKey(file: string): Promise<{ retiredFile: string | null }> {
  const next = nextKeyFile(file);
  const nextKey = await readKeyFile(next);
  if (!nextKey) return { retiredFile: null };
  nextKey.fill(0);
  const current = await readKeyFile(file);
  let retiredFile: string | null = null;
  if (current) {
    retiredFile = retiredKeyFile(file, localMasterKeyId(current));
    current.fill(0);
    try {
      await link(file, retiredFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  await rename(next, file);
  const directory = await open(path.dirname(file), 'r');
  await directory.sync().finally(() => directory.close());
  return { retiredFile };
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
