import { randomBytes } from 'node:crypto';
import { aeadDecrypt, aeadEncrypt } from './aead.ts';

// Seals small values that belong to no tenant yet (a queued "Forgot password?" request, before anyone has
// looked up its organisation) with a system key (system-keys.ts), so that the key stays inside crypto/.
// AES-256-GCM, bound to a context string (the table and row), so a sealed value cannot be moved.

export interface SystemSealer {
  seal(plaintext: Buffer, context: string): Promise<Buffer>;
  /** Throws DecryptionError (aead.ts) when the value was changed, moved, or sealed under another key. */
  open(sealed: Buffer, context: string): Promise<Buffer>;
}

const associatedData = (context: string) => Buffer.from(`tma/system-sealed/${context}`, 'utf8');

/** A sealer under the key `loadKey` answers (systemKeyLoader: loaded once, the same on every instance). */
export function systemSealer(loadKey: () => Promise<Buffer>): SystemSealer {
  return {
    async seal(plaintext, context) {
      return aeadEncrypt(await loadKey(), plaintext, associatedData(context));
    },
    async open(sealed, context) {
      return aeadDecrypt(await loadKey(), sealed, associatedData(context));
    },
  };
}

const processKey = Promise.resolve(randomBytes(32));

/**
 * A sealer under a random key of this process, shared by every app it builds: for tests and tools. What it
 * sealed cannot be opened after a restart or by another instance; the server uses systemSealer instead.
 */
export function ephemeralSealer(): SystemSealer {
  return systemSealer(() => processKey);
}
