// Solves portal proof-of-work challenges off the main thread (bench/proofs.ts starts one per core).
import { parentPort } from 'node:worker_threads';
import { solvePortalChallengeInNode } from '../test/support/proof-of-work.ts';

parentPort?.on('message', async (challenges: unknown[]) => {
  const solved: string[] = [];
  for (const challenge of challenges) solved.push(await solvePortalChallengeInNode(challenge));
  parentPort?.postMessage(solved);
});
