import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { type TenantTransaction, withTenant } from '../db/tenant-transaction.ts';
import { aeadDecrypt, aeadEncrypt, DecryptionError } from './aead.ts';
import { BlindIndex } from './blind-index.ts';
import { decryptStream, encryptStream, type FileContext } from './file-encryption.ts';
import { IntegrityError } from './integrity.ts';
import { canonicalContext, type KeyProvider, type WrappedKey } from './key-provider.ts';
import { deriveKeyFor, type KeyPurpose } from './key-purposes.ts';
import {
  clearDataKey,
  type DataKeyJson,
  insertDataKey,
  insertShreddedDataKey,
  insertTenantKey,
  type StoredDataKey,
  type StoredTenantKey,
  selectDataKey,
  selectDataKeys,
  selectNewestTenantKeyVersion,
  selectTenantKeys,
  storedDataKeyFromJson,
} from './key-store.ts';
import type { FieldRef, Sealed } from './sealed.ts';

export { type DataKeyJson, dataKeyColumn } from './key-store.ts';

/** The scope's data key was destroyed: its data can never be read again. */
export class ScopeShreddedError extends Error {
  override name = 'ScopeShreddedError';
}

const SCOPE = /^[a-z][a-z_]{0,39}$/;
const BLIND_INDEX_SCOPE = 'blind_index';

export function tenantKeyContext(tenantId: string, version: number) {
  return { tenant: tenantId, purpose: 'tenant-key', version: String(version) };
}

function dataKeyContext(tenantId: string, scope: string, scopeId: string, tenantKeyVersion: number): Buffer {
  return canonicalContext({
    tenant: tenantId,
    purpose: 'data-key',
    scope,
    scopeId,
    tenantKeyVersion: String(tenantKeyVersion),
  });
}

/** Wraps a data key under a tenant key version (local AES-GCM: no provider call). */
export function wrapDataKey(
  tenantKey: Buffer,
  dataKey: Buffer,
  at: { tenantId: string; scope: string; scopeId: string; version: number },
): Buffer {
  return aeadEncrypt(tenantKey, dataKey, dataKeyContext(at.tenantId, at.scope, at.scopeId, at.version));
}

export function unwrapDataKey(
  tenantKey: Buffer,
  wrapped: Buffer,
  at: { tenantId: string; scope: string; scopeId: string; version: number },
): Buffer {
  return aeadDecrypt(tenantKey, wrapped, dataKeyContext(at.tenantId, at.scope, at.scopeId, at.version));
}

let readRawKey: (cipher: ScopeCipher) => Buffer;

/**
 * Seals and opens the values of one scope (a case, a report) with its data key. The tenant, scope, table,
 * column and row id are bound as associated data: a ciphertext copied to another row does not open.
 */
export class ScopeCipher {
  readonly #key: Buffer;
  /** The same key as Node's ciphers take it fastest (aead.ts). */
  readonly #keyObject: KeyObject;
  readonly #tenantId: string;
  readonly #scope: string;
  readonly #scopeId: string;

  constructor(key: Buffer, tenantId: string, scope: string, scopeId: string) {
    this.#key = key;
    this.#keyObject = createSecretKey(key);
    this.#tenantId = tenantId;
    this.#scope = scope;
    this.#scopeId = scopeId;
  }

  #context(field: FieldRef): Buffer {
    return canonicalContext({
      tenant: this.#tenantId,
      scope: this.#scope,
      scopeId: this.#scopeId,
      table: field.table,
      column: field.column,
      row: field.rowId,
    });
  }

  seal(value: string | Buffer, field: FieldRef): Sealed {
    const plaintext = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    return aeadEncrypt(this.#keyObject, plaintext, this.#context(field)) as Sealed;
  }

  /** The plaintext; throws IntegrityError (where, never what) when the value was altered or moved. */
  open(sealed: Sealed, field: FieldRef): Buffer {
    try {
      return aeadDecrypt(this.#keyObject, sealed, this.#context(field));
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      throw new IntegrityError(
        {
          tenantId: this.#tenantId,
          scope: this.#scope,
          scopeId: this.#scopeId,
          table: field.table,
          column: field.column,
          rowId: field.rowId,
        },
        { cause: error },
      );
    }
  }

  openText(sealed: Sealed, field: FieldRef): string {
    return this.open(sealed, field).toString('utf8');
  }

  /** The scope this cipher seals for (`case`, `report`, …): stored beside a value that names its key. */
  get scope(): string {
    return this.#scope;
  }

  /** The id of the scope's object (a case's, a report's id; the tenant's for a tenant-wide key). */
  get scopeId(): string {
    return this.#scopeId;
  }

  /** Encrypts a file as a stream under this scope's key (file-encryption.ts derives a key per file). */
  encryptStream(source: AsyncIterable<Uint8Array>, context: FileContext): AsyncGenerator<Buffer> {
    return encryptStream(source, this.#key, context);
  }

  /** Decrypts and verifies, chunk by chunk, a file encrypted under this scope's key. */
  decryptStream(source: AsyncIterable<Uint8Array>, context: FileContext): AsyncGenerator<Buffer> {
    return decryptStream(source, this.#key, context);
  }

  /** A key for one of the listed purposes (key-purposes.ts), derived from this scope's key. */
  deriveKey(purpose: KeyPurpose): Buffer {
    return deriveKeyFor(this.#key, purpose);
  }

  static {
    readRawKey = (cipher) => cipher.#key;
  }
}

/** The raw data key of a scope cipher: for server/crypto and its tests only (checked by the import graph). */
export const rawScopeKey = (cipher: ScopeCipher): Buffer => readRawKey(cipher);

/** A tenant's unwrapped key versions, loaded outside any transaction; hands out scope ciphers inside one. */
export class TenantKeys {
  readonly tenantId: string;
  readonly #keys: Map<number, Buffer>;
  readonly #keyring: Keyring;

  constructor(tenantId: string, keys: Map<number, Buffer>, keyring: Keyring) {
    this.tenantId = tenantId;
    this.#keys = keys;
    this.#keyring = keyring;
  }

  get currentVersion(): number {
    return Math.max(...this.#keys.keys());
  }

  /** The key of a version; loads it (a provider call) if another instance created it since we cached. */
  async version(trx: TenantTransaction, version: number): Promise<Buffer> {
    const known = this.#keys.get(version);
    if (known) return known;
    // Rare: a rotation by another instance. This provider call inside a transaction is the exception to the
    // rule; the cache makes it once per instance and version.
    const key = await this.#keyring.unwrapVersion(trx, this.tenantId, version);
    this.#keys.set(version, key);
    return key;
  }

  /** The cipher of a scope, creating its data key on first use. Throws ScopeShreddedError once shredded. */
  async scope(trx: TenantTransaction, scope: string, scopeId: string): Promise<ScopeCipher> {
    if (!SCOPE.test(scope)) throw new TypeError(`invalid key scope "${scope}"`);
    let stored = await selectDataKey(trx, scope, scopeId);
    // A new data key goes under the newest tenant key version only. If the cache is stale (a rotation made
    // a newer version within the cache's lifetime), the insert refuses: load the newest version and retry.
    for (let attempt = 0; !stored; attempt++) {
      if (attempt === 3) throw new Error(`no data key for the ${scope}: tenant key versions keep changing`);
      const version = this.currentVersion;
      const dataKey = randomBytes(32);
      const at = { tenantId: this.tenantId, scope, scopeId, version };
      const wrappedKey = wrapDataKey(await this.version(trx, version), dataKey, at);
      const outcome = await insertDataKey(trx, this.tenantId, {
        scope,
        scopeId,
        tenantKeyVersion: version,
        wrappedKey,
      });
      if (outcome === 'inserted') return new ScopeCipher(dataKey, this.tenantId, scope, scopeId);
      if (outcome === 'stale') await this.version(trx, await selectNewestTenantKeyVersion(trx));
      stored = await selectDataKey(trx, scope, scopeId);
    }
    return this.#open(trx, stored, scope, scopeId);
  }

  /**
   * scope() for a caller that has loaded the scope's stored key in the statement that loaded the scope's
   * row (`dataKeyColumn`): no query unless the scope has no key yet.
   */
  async scopeWith(
    trx: TenantTransaction,
    scope: string,
    scopeId: string,
    loaded: DataKeyJson,
  ): Promise<ScopeCipher> {
    if (!SCOPE.test(scope)) throw new TypeError(`invalid key scope "${scope}"`);
    const stored = storedDataKeyFromJson(scope, scopeId, loaded);
    return stored ? this.#open(trx, stored, scope, scopeId) : this.scope(trx, scope, scopeId);
  }

  /**
   * The ciphers of many scopes of one kind, their keys read with one query (a page of a list): for each id
   * the cipher, or the error `scope()` would throw for it (ScopeShreddedError, IntegrityError), so each row
   * fails on its own. A scope without a data key yet gets one, as from `scope()`.
   */
  async scopes(
    trx: TenantTransaction,
    scope: string,
    scopeIds: readonly string[],
  ): Promise<Map<string, ScopeCipher | Error>> {
    if (!SCOPE.test(scope)) throw new TypeError(`invalid key scope "${scope}"`);
    const stored = new Map((await selectDataKeys(trx, scope, scopeIds)).map((key) => [key.scopeId, key]));
    return this.#openAll(trx, scope, scopeIds, stored);
  }

  /**
   * scopes() for a page whose statement loaded each row's key (`dataKeyColumn`, the case list): no query
   * unless a scope has no key yet.
   */
  async scopesWith(
    trx: TenantTransaction,
    scope: string,
    loaded: ReadonlyArray<{ id: string; dataKey: DataKeyJson }>,
  ): Promise<Map<string, ScopeCipher | Error>> {
    if (!SCOPE.test(scope)) throw new TypeError(`invalid key scope "${scope}"`);
    const stored = new Map<string, StoredDataKey>();
    for (const { id, dataKey } of loaded) {
      const key = storedDataKeyFromJson(scope, id, dataKey);
      if (key) stored.set(id, key);
    }
    return this.#openAll(
      trx,
      scope,
      loaded.map(({ id }) => id),
      stored,
    );
  }

  async #openAll(
    trx: TenantTransaction,
    scope: string,
    scopeIds: readonly string[],
    stored: Map<string, StoredDataKey>,
  ): Promise<Map<string, ScopeCipher | Error>> {
    const ciphers = new Map<string, ScopeCipher | Error>();
    for (const scopeId of new Set(scopeIds)) {
      const key = stored.get(scopeId);
      try {
        ciphers.set(
          scopeId,
          key ? await this.#open(trx, key, scope, scopeId) : await this.scope(trx, scope, scopeId),
        );
      } catch (error) {
        if (!(error instanceof ScopeShreddedError || error instanceof IntegrityError)) throw error;
        ciphers.set(scopeId, error);
      }
    }
    return ciphers;
  }

  /** A stored data key unwrapped into its scope's cipher. */
  async #open(
    trx: TenantTransaction,
    stored: StoredDataKey,
    scope: string,
    scopeId: string,
  ): Promise<ScopeCipher> {
    if (!stored.wrappedKey)
      throw new ScopeShreddedError(`the ${scope} ${scopeId} was shredded; its data is gone`);
    const version = stored.tenantKeyVersion;
    const tenantKey = await this.version(trx, version);
    let dataKey: Buffer;
    try {
      dataKey = unwrapDataKey(tenantKey, stored.wrappedKey, {
        tenantId: this.tenantId,
        scope,
        scopeId,
        version,
      });
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      // The wrapped key itself was altered or moved: every value of the scope is unreadable.
      throw new IntegrityError(
        {
          tenantId: this.tenantId,
          scope,
          scopeId,
          table: 'data_keys',
          column: 'wrapped_key',
          rowId: scopeId,
        },
        { cause: error },
      );
    }
    return new ScopeCipher(dataKey, this.tenantId, scope, scopeId);
  }

  /** The tenant's blind index (its key is a data key of the tenant itself). */
  async blindIndex(trx: TenantTransaction): Promise<BlindIndex> {
    return new BlindIndex(rawScopeKey(await this.scope(trx, BLIND_INDEX_SCOPE, this.tenantId)));
  }

  /**
   * Crypto-shreds a scope: destroys its data key, so every ciphertext of the scope, wherever it is copied,
   * can no longer be opened. Irreversible. It records no audit event: the caller (the deletion module)
   * audits the whole deletion in the same transaction. A scope that never had a key is
   * recorded as shredded, so no later use can give it a fresh one. True if a key was destroyed.
   */
  async destroy(trx: TenantTransaction, scope: string, scopeId: string): Promise<boolean> {
    if (scope === BLIND_INDEX_SCOPE) throw new TypeError('the blind index key is not shredded per scope');
    if (!SCOPE.test(scope)) throw new TypeError(`invalid key scope "${scope}"`);
    if (await clearDataKey(trx, scope, scopeId)) return true;
    await insertShreddedDataKey(trx, this.tenantId, {
      scope,
      scopeId,
      tenantKeyVersion: this.currentVersion,
    });
    // A concurrent transaction may have created the key in between: destroy that one too.
    return clearDataKey(trx, scope, scopeId);
  }
}

/**
 * Loads tenant keys through the key provider and caches them unwrapped for a short while, so requests
 * pay no provider round trip. Call `forTenant` before opening the request's transaction.
 */
export class Keyring {
  readonly provider: KeyProvider;
  readonly #database: Database;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { keys: Map<number, Buffer>; loadedAt: number }>();

  constructor(database: Database, provider: KeyProvider, options: { ttlMs?: number } = {}) {
    this.#database = database;
    this.provider = provider;
    this.#ttlMs = options.ttlMs ?? 60_000;
  }

  /** The tenant's keys; creates the tenant's first key on first use. Not inside a transaction. */
  async forTenant(tenantId: string): Promise<TenantKeys> {
    const cached = this.#cache.get(tenantId);
    if (cached && Date.now() - cached.loadedAt < this.#ttlMs)
      return new TenantKeys(tenantId, cached.keys, this);
    let stored = await this.#readTenantKeys(tenantId);
    if (stored.length === 0) {
      const { wrapped } = await this.provider.generateKey(tenantKeyContext(tenantId, 1));
      await withTenant(this.#database, { tenantId, userId: null }, (trx) =>
        insertTenantKey(trx, tenantId, 1, wrapped),
      );
      stored = await this.#readTenantKeys(tenantId);
    }
    const active = stored.filter((key) => !key.retired);
    const unwrapped = await Promise.all(
      active.map(async (key) => [key.version, await this.#unwrap(tenantId, key)] as const),
    );
    const keys = new Map(unwrapped);
    this.#cache.set(tenantId, { keys, loadedAt: Date.now() });
    return new TenantKeys(tenantId, keys, this);
  }

  /** Forgets cached keys, e.g. after a rotation. */
  invalidate(tenantId: string): void {
    this.#cache.delete(tenantId);
  }

  /** Unwraps one stored tenant key version (a provider call). */
  async unwrapVersion(trx: TenantTransaction, tenantId: string, version: number): Promise<Buffer> {
    const stored = (await selectTenantKeys(trx)).find((key) => key.version === version);
    if (!stored) throw new Error(`tenant key version ${version} does not exist`);
    return this.#unwrap(tenantId, stored);
  }

  /** Wraps a fresh tenant key for a version through the provider. */
  async generateTenantKey(
    tenantId: string,
    version: number,
  ): Promise<{ plaintext: Buffer; wrapped: WrappedKey }> {
    return this.provider.generateKey(tenantKeyContext(tenantId, version));
  }

  #readTenantKeys(tenantId: string): Promise<StoredTenantKey[]> {
    return withTenant(this.#database, { tenantId, userId: null }, (trx) => selectTenantKeys(trx));
  }

  #unwrap(tenantId: string, key: StoredTenantKey): Promise<Buffer> {
    return this.provider.unwrapKey(key.wrapped, tenantKeyContext(tenantId, key.version));
  }
}
