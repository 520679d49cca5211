import { type Challenge, type Solution, solveChallenge, solveChallengeWorkers } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';

// The browser's half of the portal's bot barrier (the server's modules/proof-of-work/proof-of-work.ts): find the
// counter of an ALTCHA challenge with Web Crypto's SHA-256, in Web Workers so the page stays responsive.

/** The challenge as the server sends it. */
export type PortalChallenge = Required<Pick<Challenge, 'parameters' | 'signature'>>;

/** Well inside the challenge's expiry; a device this slow would not finish anyway. */
const TIMEOUT_MS = 120_000;
/** Phones have 4–8 cores; more workers would only compete with the page. */
const MAX_WORKERS = 4;

/** No solution was found: the challenge timed out, was aborted or is not one of ours. */
export class ProofOfWorkFailed extends Error {
  override name = 'ProofOfWorkFailed';
}

/**
 * Solves a portal challenge and returns the payload the server verifies: base64 of the UTF-8 JSON
 * `{ challenge: { parameters, signature }, solution: { counter, derivedKey } }`.
 */
export async function solvePortalChallenge(
  challenge: PortalChallenge,
  options: { signal?: AbortSignal } = {},
): Promise<string> {
  const controller = new AbortController();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  let solution = await solveInWorkers(challenge, controller);
  if (solution === undefined) solution = await solveHere(challenge, controller);
  if (!solution || controller.signal.aborted)
    throw new ProofOfWorkFailed('the anti-bot check was not solved');
  return encodePayload(challenge, solution);
}

/** Undefined where workers are unavailable (Node, or a worker that fails to start), to solve here instead. */
async function solveInWorkers(
  challenge: PortalChallenge,
  controller: AbortController,
): Promise<Solution | null | undefined> {
  if (typeof Worker !== 'function' || controller.signal.aborted) return undefined;
  const concurrency = Math.max(1, Math.min(MAX_WORKERS, navigator.hardwareConcurrency || 1));
  try {
    return await solveChallengeWorkers({
      challenge,
      concurrency,
      controller,
      timeout: TIMEOUT_MS,
      createWorker: () =>
        new Worker(new URL('./proof-of-work.worker.ts', import.meta.url), {
          type: 'module',
          name: 'proof-of-work',
        }),
    });
  } catch {
    return undefined;
  }
}

/** On the main thread: each digest is awaited and altcha-lib yields to the event loop every 200 ms. */
function solveHere(challenge: PortalChallenge, controller: AbortController): Promise<Solution | null> {
  return solveChallenge({ challenge, controller, deriveKey, timeout: TIMEOUT_MS });
}

function encodePayload(challenge: PortalChallenge, solution: Solution): string {
  const json = JSON.stringify({
    challenge: { parameters: challenge.parameters, signature: challenge.signature },
    solution: { counter: solution.counter, derivedKey: solution.derivedKey },
  });
  let binary = '';
  for (const byte of new TextEncoder().encode(json)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
