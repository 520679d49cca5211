import type { Kysely, Selectable } from 'kysely';
import { allColumns } from '../../db/columns.ts';
import type { DB, TenantsTable } from '../../db/schema.ts';
import type { NewTenant, Tenant } from './schemas.ts';

function toTenant(row: Selectable<TenantsTable>): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}

/** Inserts a tenant; returns null when the slug is taken. */
export async function insertTenant(db: Kysely<DB>, tenant: NewTenant): Promise<Tenant | null> {
  const row = await db
    .insertInto('tenants')
    .values({ slug: tenant.slug, name: tenant.name })
    .onConflict((conflict) => conflict.column('slug').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toTenant(row) : null;
}

export async function listTenants(db: Kysely<DB>): Promise<Tenant[]> {
  const rows = await db.selectFrom('tenants').select(allColumns('tenants')).orderBy('slug').execute();
  return rows.map(toTenant);
}

export async function findTenantBySlug(db: Kysely<DB>, slug: string): Promise<Tenant | null> {
  const row = await db
    .selectFrom('tenants')
    .select(allColumns('tenants'))
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row ? toTenant(row) : null;
}

export async function findTenantById(db: Kysely<DB>, id: string): Promise<Tenant | null> {
  const row = await db
    .selectFrom('tenants')
    .select(allColumns('tenants'))
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toTenant(row) : null;
}
