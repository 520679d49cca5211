// Proofs of work for the report-submission scenario, solved before its timed run: the proof of work is the
// reporter's cost, not the server's (issue 18), so it is kept out of the measurement. Each proof is spent
// once, so the scenario can send at most as many submissions as were solved here.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Fetches `count` challenges from the portal and solves them on one worker thread per core. */
export async function solveProofs(
  baseUrl: string,
  tenantSlug: string,
  count: number,
  onProgress?: (solved: number) => void,
): Promise<string[]> {
  const challenges: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${baseUrl}/api/v1/portal/${tenantSlug}/challenge`);
    if (!response.ok) throw new Error(`challenge: ${response.status} ${await response.text()}`);
    challenges.push(await response.json());
  }
  const threads = Math.max(1, Math.min(availableParallelism(), count));
  const chunk = 25;
  let next = 0;
  let solvedCount = 0;
  const solved: string[] = [];
  await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = new Worker(new URL('./proof-worker.ts', import.meta.url));
      try {
        while (next < challenges.length) {
          const batch = challenges.slice(next, next + chunk);
          next += batch.length;
          const answers = await new Promise<string[]>((resolve, reject) => {
            const onError = (error: Error) => {
              worker.off('message', onMessage);
              reject(error);
            };
            const onMessage = (message: string[]) => {
              worker.off('error', onError);
              resolve(message);
            };
            worker.once('message', onMessage);
            worker.once('error', onError);
            worker.postMessage(batch);
          });
          solved.push(...answers);
          solvedCount += answers.length;
          onProgress?.(solvedCount);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return solved;
}
