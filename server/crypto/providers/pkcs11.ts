import graphene from 'graphene-pk11';
import type { Logger } from 'pino';
import { ConfigError, type KeyProviderConfig } from '../../config.ts';
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

type Pkcs11Config = Extract<KeyProviderConfig, { kind: 'pkcs11' }>;

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BITS = 128;
const FORMAT = 0x01;
const WRAPPED_BYTES = 1 + IV_BYTES + KEY_BYTES + TAG_BITS / 8;

/**
 * C_Initialize and C_Finalize act on the whole process, and a login holds for all of the process's sessions
 * on a token. So a module is loaded once per library path and finalized only when its last provider closes;
 * otherwise closing one provider would end the sessions of another (tests open two at once).
 */
const loadedModules = new Map<string, { module: graphene.Module; users: number }>();

function acquireModule(library: string): graphene.Module {
  const loaded = loadedModules.get(library);
  if (loaded) {
    loaded.users += 1;
    return loaded.module;
  }
  let module: graphene.Module;
  try {
    module = graphene.Module.load(library, 'tma');
    module.initialize();
  } catch (error) {
    throw new ConfigError(`PKCS#11: cannot load the module ${library} (${(error as Error).message})`);
  }
  loadedModules.set(library, { module, users: 1 });
  return module;
}

/** True when this was the module's last user (it has been finalized and unloaded). */
function releaseModule(library: string): boolean {
  const loaded = loadedModules.get(library);
  if (!loaded) return true;
  loaded.users -= 1;
  if (loaded.users > 0) return false;
  loadedModules.delete(library);
  try {
    loaded.module.finalize();
  } finally {
    loaded.module.close();
  }
  return true;
}

/** The PKCS#11 return value name (`CKR_…`) of a graphene/pkcs11js error, if it carries one. */
function returnValue(error: unknown): string | null {
  return /^CKR_[A-Z0-9_]+/.exec((error as Error)?.message ?? '')?.[0] ?? null;
}

function findSlot(module: graphene.Module, config: Pkcs11Config): graphene.Slot {
  const slots = module.getSlots(true);
  const labels: string[] = [];
  for (let index = 0; index < slots.length; index++) {
    const slot = slots.items(index);
    const label = slot.getToken().label.trim();
    if (label === config.tokenLabel) return slot;
    if (label) labels.push(`"${label}"`);
  }
  throw new ConfigError(
    `PKCS#11: no token labelled "${config.tokenLabel}" in ${config.library} (tokens present: ${labels.join(', ') || 'none'})`,
  );
}

function logIn(session: graphene.Session, config: Pkcs11Config): void {
  try {
    session.login(config.pin, graphene.UserType.USER);
  } catch (error) {
    const code = returnValue(error);
    // Another provider of this process is logged in to the token already: the login covers this session.
    if (code === 'CKR_USER_ALREADY_LOGGED_IN') return;
    const reason =
      code === 'CKR_PIN_INCORRECT'
        ? 'the PIN is wrong'
        : code === 'CKR_PIN_LOCKED'
          ? 'the PIN is locked'
          : 'the token refused the login';
    throw new ConfigError(
      `PKCS#11: cannot log in to token "${config.tokenLabel}": ${reason} (${code ?? (error as Error).message}); check TMA_PKCS11_PIN`,
    );
  }
}

interface TokenKey {
  key: graphene.SecretKey;
  id: Buffer;
}

/** Finds the AES key labelled `keyLabel`, or generates it on the token: sensitive and never extractable. */
function findOrCreateKey(session: graphene.Session, config: Pkcs11Config, logger: Logger): TokenKey {
  const found = session.find({ class: graphene.ObjectClass.SECRET_KEY, label: config.keyLabel });
  if (found.length > 1) {
    throw new ConfigError(
      `PKCS#11: ${found.length} secret keys are labelled "${config.keyLabel}" on token "${config.tokenLabel}"; TMA needs exactly one`,
    );
  }
  if (found.length === 1) {
    const key = found.items(0).toType<graphene.SecretKey>();
    const attributes = key.getAttribute({
      keyType: null,
      valueLen: null,
      encrypt: null,
      decrypt: null,
      extractable: null,
      sensitive: null,
      id: null,
    });
    if (attributes.keyType !== graphene.KeyType.AES || attributes.valueLen !== KEY_BYTES) {
      throw new ConfigError(`PKCS#11: key "${config.keyLabel}" is not an AES-256 key`);
    }
    if (!attributes.encrypt || !attributes.decrypt) {
      throw new ConfigError(`PKCS#11: key "${config.keyLabel}" must allow encrypt and decrypt`);
    }
    if (attributes.extractable || !attributes.sensitive) {
      logger.warn(
        { keyLabel: config.keyLabel },
        'PKCS#11: the master key can leave the HSM (it is extractable or not sensitive); prefer a non-extractable key',
      );
    }
    return { key, id: Buffer.from(attributes.id ?? []) };
  }
  const id = session.generateRandom(8);
  const key = session.generateKey(graphene.KeyGenMechanism.AES, {
    class: graphene.ObjectClass.SECRET_KEY,
    keyType: graphene.KeyType.AES,
    valueLen: KEY_BYTES,
    label: config.keyLabel,
    id,
    token: true,
    private: true,
    sensitive: true,
    extractable: false,
    modifiable: false,
    encrypt: true,
    decrypt: true,
    wrap: false,
    unwrap: false,
    sign: false,
    verify: false,
    derive: false,
  });
  logger.info(
    { tokenLabel: config.tokenLabel, keyLabel: config.keyLabel, keyId: id.toString('hex') },
    'PKCS#11: generated the master key on the token',
  );
  return { key, id };
}

/** `pkcs11:<token label>/<key label>/<CKA_ID in hex>`: names a key re-created under the same label apart. */
export function pkcs11MasterKeyId(tokenLabel: string, keyLabel: string, id: Buffer): string {
  return `pkcs11:${tokenLabel}/${keyLabel}/${id.toString('hex')}`;
}

/**
 * The PKCS#11 provider: the master key is an AES-256 key inside the HSM that never leaves it; tenant keys
 * are encrypted and decrypted with AES-GCM on the token. Opens one logged-in session for the process.
 */
export async function createPkcs11KeyProvider(config: Pkcs11Config, logger: Logger): Promise<KeyProvider> {
  const module = acquireModule(config.library);
  let session: graphene.Session | undefined;
  try {
    const slot = findSlot(module, config);
    session = slot.open(graphene.SessionFlag.RW_SESSION | graphene.SessionFlag.SERIAL_SESSION);
    logIn(session, config);
    const { key, id } = findOrCreateKey(session, config, logger);
    const masterKeyId = pkcs11MasterKeyId(config.tokenLabel, config.keyLabel, id);
    return new Pkcs11KeyProvider(config.library, config.tokenLabel, session, key, masterKeyId);
  } catch (error) {
    try {
      session?.close();
    } catch {
      // The error that made us give up is the one to report.
    }
    releaseModule(config.library);
    if (error instanceof ConfigError) throw error;
    throw new Error(`PKCS#11: cannot open token "${config.tokenLabel}" (${(error as Error).message})`, {
      cause: error,
    });
  }
}

// A GCM tag mismatch: the standard says CKR_ENCRYPTED_DATA_INVALID; SoftHSM2 answers CKR_GENERAL_ERROR.
const UNWRAP_FAILURES = new Set([
  'CKR_ENCRYPTED_DATA_INVALID',
  'CKR_ENCRYPTED_DATA_LEN_RANGE',
  'CKR_GENERAL_ERROR',
]);

class Pkcs11KeyProvider implements KeyProvider {
  readonly kind = 'pkcs11' as const;
  readonly masterKeyId: string;
  readonly #library: string;
  readonly #tokenLabel: string;
  readonly #key: graphene.SecretKey;
  /** Older master keys on the token found by their id (after a master key rotation), by masterKeyId. */
  readonly #older = new Map<string, graphene.SecretKey>();
  #session: graphene.Session | null;

  constructor(
    library: string,
    tokenLabel: string,
    session: graphene.Session,
    key: graphene.SecretKey,
    masterKeyId: string,
  ) {
    this.#library = library;
    this.#tokenLabel = tokenLabel;
    this.#session = session;
    this.#key = key;
    this.masterKeyId = masterKeyId;
  }

  async generateKey(context: WrapContext): Promise<{ plaintext: Buffer; wrapped: WrappedKey }> {
    const plaintext = this.#open().generateRandom(KEY_BYTES);
    return { plaintext, wrapped: await this.wrapKey(plaintext, context) };
  }

  async wrapKey(plaintext: Buffer, context: WrapContext): Promise<WrappedKey> {
    if (plaintext.length !== KEY_BYTES) throw new Error('only 256-bit keys can be wrapped');
    const session = this.#open();
    try {
      const iv = session.generateRandom(IV_BYTES);
      const cipher = session.createCipher(this.#mechanism(iv, context), this.#key);
      const sealed = cipher.once(plaintext, Buffer.alloc(KEY_BYTES + TAG_BITS / 8));
      const ciphertext = Buffer.concat([Buffer.from([FORMAT]), iv, sealed]);
      return { provider: this.kind, masterKeyId: this.masterKeyId, ciphertext };
    } catch (error) {
      throw new Error(`PKCS#11: wrapping a key failed (${returnValue(error) ?? (error as Error).message})`, {
        cause: error,
      });
    }
  }

  async unwrapKey(wrapped: WrappedKey, context: WrapContext): Promise<Buffer> {
    const session = this.#open();
    const key = wrapped.provider === this.kind ? this.#keyFor(wrapped.masterKeyId) : null;
    assertWrappedHere(wrapped, {
      kind: this.kind,
      masterKeyId: this.masterKeyId,
      holds: key !== null,
      bytes: WRAPPED_BYTES,
      format: FORMAT,
    });
    const { ciphertext } = wrapped;
    const iv = ciphertext.subarray(1, 1 + IV_BYTES);
    try {
      const decipher = session.createDecipher(this.#mechanism(iv, context), key as graphene.SecretKey);
      // Single-part C_Decrypt: SoftHSM2 releases GCM plaintext only at the end, which the
      // multi-part update/final path of graphene does not leave room for.
      const plaintext = decipher.once(ciphertext.subarray(1 + IV_BYTES), Buffer.alloc(WRAPPED_BYTES));
      if (plaintext.length !== KEY_BYTES) throw new KeyUnwrapError('the wrapped key has the wrong length');
      return Buffer.from(plaintext);
    } catch (error) {
      if (error instanceof KeyUnwrapError) throw error;
      const code = returnValue(error);
      if (code && UNWRAP_FAILURES.has(code)) {
        throw new KeyUnwrapError('the wrapped key does not open: its context differs or it was altered');
      }
      throw new Error(`PKCS#11: unwrapping a key failed (${code ?? (error as Error).message})`, {
        cause: error,
      });
    }
  }

  async holdsMasterKey(masterKeyId: string): Promise<boolean> {
    this.#open();
    return this.#keyFor(masterKeyId) !== null;
  }

  async destroyMasterKey(masterKeyId: string): Promise<MasterKeyDestruction> {
    this.#open();
    assertNotCurrent(masterKeyId, this.masterKeyId);
    const key = this.#keyFor(masterKeyId);
    if (!key) return { outcome: 'absent' };
    try {
      // C_DestroyObject: the token forgets the key; a non-extractable key has no copy outside the HSM
      // except in the HSM's own backups.
      key.destroy();
    } catch (error) {
      throw new Error(
        `PKCS#11: destroying master key ${masterKeyId} failed (${returnValue(error) ?? (error as Error).message})`,
        { cause: error },
      );
    }
    this.#older.delete(masterKeyId);
    return { outcome: 'destroyed' };
  }

  /**
   * The token key a masterKeyId names: the current one, or an older one on the same token found by its
   * label and CKA_ID (kept there after a master key rotation until the operator destroys it).
   */
  #keyFor(masterKeyId: string): graphene.SecretKey | null {
    if (masterKeyId === this.masterKeyId) return this.#key;
    const known = this.#older.get(masterKeyId);
    if (known) return known;
    const prefix = `pkcs11:${this.#tokenLabel}/`;
    if (!masterKeyId.startsWith(prefix)) return null;
    const rest = masterKeyId.slice(prefix.length);
    const slash = rest.lastIndexOf('/');
    const idHex = rest.slice(slash + 1);
    if (slash < 1 || !/^([0-9a-f]{2})+$/.test(idHex)) return null;
    let found: graphene.SessionObjectCollection;
    try {
      found = this.#open().find({
        class: graphene.ObjectClass.SECRET_KEY,
        label: rest.slice(0, slash),
        id: Buffer.from(idHex, 'hex'),
      });
    } catch (error) {
      throw new Error(
        `PKCS#11: looking up a master key failed (${returnValue(error) ?? (error as Error).message})`,
        {
          cause: error,
        },
      );
    }
    if (found.length !== 1) return null;
    const key = found.items(0).toType<graphene.SecretKey>();
    this.#older.set(masterKeyId, key);
    return key;
  }

  async close(): Promise<void> {
    const session = this.#session;
    if (!session) return;
    this.#session = null;
    const last = (loadedModules.get(this.#library)?.users ?? 1) === 1;
    try {
      // Logging out ends the login of every session of this process on the token: only the last user may.
      if (last) session.logout();
    } catch {
      // Already logged out (e.g. the token was reset): closing the session is what matters.
    } finally {
      try {
        session.close();
      } finally {
        releaseModule(this.#library);
      }
    }
  }

  #mechanism(iv: Buffer, context: WrapContext): graphene.IAlgorithm {
    return { name: 'AES_GCM', params: new graphene.AesGcmParams(iv, canonicalContext(context), TAG_BITS) };
  }

  #open(): graphene.Session {
    if (!this.#session) throw new Error('the PKCS#11 key provider is closed');
    return this.#session;
  }
}
