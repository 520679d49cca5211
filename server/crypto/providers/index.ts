import type { Logger } from 'pino';
import type { KeyProviderConfig } from '../../config.ts';
import type { KeyProvider } from '../key-provider.ts';
import { createLocalKeyProvider, type OpenProviderOptions } from './local.ts';

export type { OpenProviderOptions };

/**
 * Opens the key provider chosen by TMA_KEY_PROVIDER. Start-up problems an operator must fix (a bad key
 * file, a wrong PIN, a missing token or KMS key) throw ConfigError with one clear line.
 */
export async function createKeyProvider(
  config: KeyProviderConfig,
  logger: Logger,
  options: OpenProviderOptions = {},
): Promise<KeyProvider> {
  switch (config.kind) {
    case 'local':
      return createLocalKeyProvider(config, logger, options);
    // Loaded only when chosen: the PKCS#11 binding is a native addon, and the AWS SDK is large.
    case 'pkcs11': {
      const { createPkcs11KeyProvider } = await import('./pkcs11.ts');
      return createPkcs11KeyProvider(config, logger);
    }
    case 'aws-kms': {
      const { createAwsKmsKeyProvider } = await import('./aws-kms.ts');
      return createAwsKmsKeyProvider(config, logger);
    }
  }
}
