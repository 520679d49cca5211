import type { Kysely } from 'kysely';
import { Value } from 'typebox/value';
import type { DB } from '../../db/schema.ts';
import { Conflict, Invalid } from '../../errors.ts';
import { NewTenant, type Tenant } from './schemas.ts';
import { insertTenant } from './store.ts';

/** Registers a new tenant (a customer organisation). Runs as the operator, outside any tenant scope. */
export async function createTenant(db: Kysely<DB>, input: { slug: string; name: string }): Promise<Tenant> {
  const candidate = { slug: input.slug.trim(), name: input.name.trim() };
  const problems = [...Value.Errors(NewTenant, candidate)].map((error) => ({
    path: error.instancePath.replace(/^\//, '') || 'tenant',
    message:
      error.keyword === 'pattern'
        ? 'must be 1–40 lower-case letters, digits or inner hyphens'
        : error.message,
  }));
  if (problems.length > 0) {
    const detail = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    throw new Invalid('tenant_invalid', `The tenant is not valid (${detail}).`, problems);
  }
  const tenant = await insertTenant(db, candidate);
  if (!tenant)
    throw new Conflict('tenant_exists', `A tenant with the slug "${candidate.slug}" already exists.`);
  return tenant;
}
