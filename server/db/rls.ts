import { type Kysely, sql } from 'kysely';

/** What a migration needs to know beyond the database itself. */
export interface MigrationContext {
  /** The non-owner role that tenant transactions switch to. */
  appRole: string;
}

/**
 * Makes a tenant-owned table visible only inside its tenant's transaction: row-level security, forced
 * for the owner too, with one policy for reads and writes on `tenant_id = app.tenant_id`. An unset
 * tenant matches no row. Grants the application role only the listed privileges.
 */
export async function protectTenantTable(
  // biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
  db: Kysely<any>,
  context: MigrationContext,
  table: string,
  privileges: ReadonlyArray<'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE'>,
): Promise<void> {
  const name = sql.table(table);
  await sql`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`ALTER TABLE ${name} FORCE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY tenant_isolation ON ${name}
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  `.execute(db);
  await sql`GRANT ${sql.raw(privileges.join(', '))} ON ${name} TO ${sql.id(context.appRole)}`.execute(db);
}
