import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  const role = sql.lit(context.appRole);
  // Roles are cluster-wide: another database on the same server may have created it, even concurrently.
  await sql`
    DO $$ BEGIN
      EXECUTE format('CREATE ROLE %I NOLOGIN', ${role});
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$
  `.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO ${sql.id(context.appRole)}`.execute(db);
  // Readiness checks of an instance connected as the application role read the migration state.
  await sql`GRANT SELECT ON kysely_migration, kysely_migration_lock TO ${sql.id(context.appRole)}`.execute(
    db,
  );

  await db.schema
    .createTable('tenants')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (col) =>
      col.notNull().unique().check(sql`slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'`),
    )
    .addColumn('name', 'text', (col) => col.notNull().check(sql`length(name) BETWEEN 1 AND 200`))
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('active').check(sql`status IN ('active', 'suspended')`),
    )
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // The tenant registry is not tenant-owned data: the application resolves tenants by slug before it
  // knows which tenant a request belongs to, so it may read (never change) the registry.
  await sql`GRANT SELECT ON tenants TO ${sql.id(context.appRole)}`.execute(db);

  await db.schema
    .createTable('org_units')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('slug', 'text', (col) =>
      col.notNull().check(sql`slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'`),
    )
    .addColumn('name', 'text', (col) => col.notNull().check(sql`length(name) BETWEEN 1 AND 200`))
    .addColumn('parent_id', 'uuid', (col) => col.references('org_units.id').onDelete('restrict'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('org_units_tenant_slug_key', ['tenant_id', 'slug'])
    .execute();
  await protectTenantTable(db, context, 'org_units', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('org_units').execute();
  await db.schema.dropTable('tenants').execute();
}
