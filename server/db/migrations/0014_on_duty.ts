import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Who is on duty for a unit: they hear of its new reports first (docs/security.md, "Reports and anonymity").

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  await sql`
    CREATE TABLE unit_on_duty (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      unit_id uuid NOT NULL,
      user_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, unit_id, user_id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id),
      FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
    )
  `.execute(db);
  await protectTenantTable(db, context, 'unit_on_duty', ['SELECT', 'INSERT', 'DELETE']);
}
