import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { withTenant } from '../../server/db/tenant-transaction.ts';
import {
  createPortalChallenge,
  verifyPortalSolution,
} from '../../server/modules/proof-of-work/proof-of-work.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { ProofOfWorkFailed, solvePortalChallenge } from '../../web/portal/proof-of-work.ts';
import { databaseTargets, openTestDatabase } from '../support/databases.ts';

// Node has Web Crypto but no Web Workers: this runs the browser's solver on the main thread.

describe.each(databaseTargets())('the browser solves what the server verifies, on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tenantId: string;
  const secret = randomBytes(32);

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
  });
  afterAll(async () => {
    await cleanup?.();
  });

  const verify = (payload: string) =>
    withTenant(database, { tenantId, userId: null }, (trx) => verifyPortalSolution(trx, secret, payload));

  it('solves a challenge of the default difficulty into a payload the server accepts once', async () => {
    const challenge = await createPortalChallenge(secret);
    // The server sends the challenge as JSON.
    const payload = await solvePortalChallenge(JSON.parse(JSON.stringify(challenge)));
    expect(payload).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    expect(Object.keys(decoded).sort()).toEqual(['challenge', 'solution']);
    expect(Object.keys(decoded.solution).sort()).toEqual(['counter', 'derivedKey']);
    await expect(verify(payload)).resolves.toBeUndefined();
    await expect(verify(payload)).rejects.toMatchObject({ status: 422, code: 'proof_of_work_invalid' });
  });

  it('stops when aborted', async () => {
    const challenge = await createPortalChallenge(secret);
    const controller = new AbortController();
    controller.abort();
    await expect(solvePortalChallenge(challenge, { signal: controller.signal })).rejects.toThrow(
      ProofOfWorkFailed,
    );
  });
});
