import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // One key-encryption key per tenant and version, wrapped by the key provider. The highest version wraps
  // new data keys; older ones stay readable until every data key has been re-wrapped (`tma keys rotate`).
  await db.schema
    .createTable('tenant_keys')
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('version', 'integer', (col) => col.notNull().check(sql`version > 0`))
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('master_key_id', 'text', (col) => col.notNull())
    .addColumn('wrapped_key', 'bytea', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('retired_at', 'timestamptz')
    .addPrimaryKeyConstraint('tenant_keys_pkey', ['tenant_id', 'version'])
    .execute();
  await protectTenantTable(db, context, 'tenant_keys', ['SELECT', 'INSERT', 'UPDATE']);

  // One data key per protected scope (a case, a report before it becomes a case, the tenant's blind index),
  // wrapped by a tenant key version. Crypto-shredding clears wrapped_key: the row stays as evidence.
  await db.schema
    .createTable('data_keys')
    .addColumn('tenant_id', 'uuid', (col) => col.notNull())
    .addColumn('scope', 'text', (col) => col.notNull().check(sql`scope ~ '^[a-z][a-z_]{0,39}$'`))
    .addColumn('scope_id', 'uuid', (col) => col.notNull())
    .addColumn('tenant_key_version', 'integer', (col) => col.notNull())
    .addColumn('wrapped_key', 'bytea')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('shredded_at', 'timestamptz')
    .addPrimaryKeyConstraint('data_keys_pkey', ['tenant_id', 'scope', 'scope_id'])
    .addForeignKeyConstraint(
      'data_keys_tenant_key_fkey',
      ['tenant_id', 'tenant_key_version'],
      'tenant_keys',
      ['tenant_id', 'version'],
    )
    .addCheckConstraint('data_keys_shredded_check', sql`(wrapped_key IS NULL) = (shredded_at IS NOT NULL)`)
    .execute();
  await db.schema
    .createIndex('data_keys_rewrap_idx')
    .on('data_keys')
    .columns(['tenant_id', 'tenant_key_version'])
    .where(sql.ref('wrapped_key'), 'is not', null)
    .execute();
  await protectTenantTable(db, context, 'data_keys', ['SELECT', 'INSERT', 'UPDATE']);
}
