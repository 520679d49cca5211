import { sql } from 'kysely';
import type { Logger } from 'pino';
import { ConfigError, type KeyProviderConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { KeyProvider } from './key-provider.ts';
import { createKeyProvider, type OpenProviderOptions } from './providers/index.ts';

/** A provider and master key that wrap at least one stored tenant or system key. */
export interface MasterKeyInUse {
  provider: string;
  masterKeyId: string;
}

/** The configured key provider cannot unwrap the keys the database holds: starting would fail every read. */
export class KeyProviderMismatchError extends ConfigError {
  override name = 'KeyProviderMismatchError';
}

/**
 * The providers and master keys that wrap the stored tenant and system keys, across all tenants (through
 * the function of migration 0016, which returns key ids only). Null when the schema predates it.
 */
export async function masterKeysInUse(database: Database): Promise<MasterKeyInUse[] | null> {
  try {
    const { rows } = await sql<{
      provider: string;
      master_key_id: string;
    }>`SELECT provider, master_key_id FROM tma_master_keys_in_use()`.execute(database.db);
    const unique = new Map(rows.map((row) => [`${row.provider}\0${row.master_key_id}`, row]));
    return [...unique.values()].map((row) => ({ provider: row.provider, masterKeyId: row.master_key_id }));
  } catch (error) {
    if ((error as { code?: string }).code === '42883') return null; // undefined_function: not migrated yet
    throw error;
  }
}

const providerSettings: Record<string, string> = {
  local: 'TMA_MASTER_KEY_FILE (or, on the embedded database, the key file DATA_DIR/master.key)',
  pkcs11: 'TMA_PKCS11_LIBRARY, TMA_PKCS11_TOKEN_LABEL, TMA_PKCS11_PIN_FILE and TMA_PKCS11_KEY_LABEL',
  'aws-kms': 'TMA_AWS_KMS_KEY_ID and TMA_AWS_REGION',
};

/** Refuses a configured provider of another kind than the one that wrapped the stored keys. */
export function assertProviderKind(config: KeyProviderConfig, inUse: MasterKeyInUse[]): void {
  const foreign = inUse.filter((key) => key.provider !== config.kind);
  const needed = [...new Set(foreign.map((key) => key.provider))];
  if (needed.length === 0) return;
  const ids = foreign.map((key) => key.masterKeyId).join(', ');
  const first = needed[0] as string;
  throw new KeyProviderMismatchError(
    `the database holds keys wrapped by the ${needed.join(' and ')} key provider (master key ${ids}), but TMA_KEY_PROVIDER is ${config.kind}: ` +
      `set TMA_KEY_PROVIDER=${first} with ${providerSettings[first] ?? 'its settings'} (docs/key-providers.md). ` +
      'TMA does not start with another provider, which would create a new master key and open nothing.',
  );
}

function missingKeyHint(config: KeyProviderConfig): string {
  switch (config.kind) {
    case 'local':
      return config.generatedKeyFile
        ? `restore ${config.generatedKeyFile} (or a retired ${config.generatedKeyFile}.<id> beside it) from its backup`
        : 'set TMA_MASTER_KEY_FILE to that key, or list it in TMA_PREVIOUS_MASTER_KEYS_FILE until `tma keys rotate-master` has re-wrapped every key';
    case 'pkcs11':
      return `that key must be on the token "${config.tokenLabel}": check TMA_PKCS11_LIBRARY and TMA_PKCS11_TOKEN_LABEL`;
    case 'aws-kms':
      return 'check TMA_AWS_KMS_KEY_ID, TMA_AWS_REGION and that this instance may use that key (kms:DescribeKey, kms:Decrypt)';
  }
}

/** Refuses a provider that does not hold every master key the stored keys were wrapped under. */
export async function assertMasterKeysHeld(
  provider: KeyProvider,
  config: KeyProviderConfig,
  inUse: MasterKeyInUse[],
): Promise<void> {
  const missing: string[] = [];
  for (const key of inUse) {
    if (key.provider === provider.kind && !(await provider.holdsMasterKey(key.masterKeyId))) {
      missing.push(key.masterKeyId);
    }
  }
  if (missing.length === 0) return;
  throw new KeyProviderMismatchError(
    `the database holds keys wrapped under the ${provider.kind} master key ${missing.join(', ')}, which this instance does not have ` +
      `(it uses ${provider.masterKeyId}): ${missingKeyHint(config)} (docs/key-providers.md)`,
  );
}

/**
 * Opens the configured key provider after checking it against the keys the database holds: a provider of
 * another kind, or one that lacks a master key the stored keys need, is refused with a message naming the
 * setting to change (KeyProviderMismatchError, a ConfigError), and no new local master key file is created
 * over a database that already holds keys.
 */
export async function openCheckedKeyProvider(
  database: Database,
  config: KeyProviderConfig,
  logger: Logger,
  options: Pick<OpenProviderOptions, 'useNextKey'> = {},
): Promise<KeyProvider> {
  const inUse = await masterKeysInUse(database);
  if (inUse === null) {
    logger.warn('the database schema predates the key provider check; run `tma migrate`');
  } else {
    assertProviderKind(config, inUse);
  }
  const provider = await createKeyProvider(config, logger, {
    ...options,
    createMasterKey: inUse === null || inUse.length === 0,
  });
  try {
    if (inUse) await assertMasterKeysHeld(provider, config, inUse);
    return provider;
  } catch (error) {
    await provider.close();
    throw error;
  }
}
