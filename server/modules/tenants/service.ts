import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { Conflict, Invalid } from '../../errors.ts';
import { assertValid } from '../../validation.ts';
import { NewTenant, type Tenant } from './schemas.ts';
import { insertTenant } from './store.ts';

/** A tenant by id or slug: how the other modules resolve the organisation of a request. */
export { findTenantById, findTenantBySlug } from './store.ts';

/** Slugs that would clash with fixed paths under a tenant slug, e.g. `/api/v1/auth/sso/callback`. */
const RESERVED_TENANT_SLUGS: readonly string[] = ['callback'];

/** Registers a new tenant (a customer organisation). Runs as the operator, outside any tenant scope. */
export async function createTenant(db: Kysely<DB>, input: { slug: string; name: string }): Promise<Tenant> {
  const candidate = { slug: input.slug.trim(), name: input.name.trim() };
  assertValid(NewTenant, candidate, 'tenant');
  if (RESERVED_TENANT_SLUGS.includes(candidate.slug))
    throw new Invalid(
      'tenant_slug_reserved',
      `"${candidate.slug}" is reserved: TMA's own addresses use it.`,
      [{ path: 'slug', message: 'is reserved' }],
    );
  const tenant = await insertTenant(db, candidate);
  if (!tenant)
    throw new Conflict('tenant_exists', `A tenant with the slug "${candidate.slug}" already exists.`);
  return tenant;
}
