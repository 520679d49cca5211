// Solves a portal challenge off the main thread (web/portal/proof-of-work.ts starts it). altcha-lib's own
// `altcha-lib/workers/sha` imports node:crypto, so this worker pairs its message handler with the Web
// Crypto key derivation instead.
import { deriveKey } from 'altcha-lib/algorithms/web/sha';
import { handler } from 'altcha-lib/workers/shared';

handler({ deriveKey });
