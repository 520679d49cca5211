import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/databases.ts';
import type { Database } from '../../db/database.ts';
import { createTenant } from './service.ts';

describe('tenant creation', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase('embedded'));
  });
  afterAll(async () => cleanup?.());

  it('creates a tenant once, and refuses a duplicate, a bad slug and a reserved one', async () => {
    await expect(createTenant(database.db, { slug: 'acme', name: ' ACME ' })).resolves.toMatchObject({
      slug: 'acme',
      name: 'ACME',
    });
    await expect(createTenant(database.db, { slug: 'acme', name: 'Again' })).rejects.toMatchObject({
      status: 409,
      code: 'tenant_exists',
    });
    await expect(createTenant(database.db, { slug: 'Not A Slug', name: 'X' })).rejects.toMatchObject({
      status: 422,
      code: 'tenant_invalid',
    });
    // `/api/v1/auth/sso/callback` sits where `/api/v1/auth/sso/<tenant>` would.
    await expect(createTenant(database.db, { slug: 'callback', name: 'X' })).rejects.toMatchObject({
      status: 422,
      code: 'tenant_slug_reserved',
    });
  });
});
