import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // One row per stored ciphertext stream. Written as 'writing' over many short transactions, readable only
  // once 'complete'; 'deleting' hides it again while its chunks are removed in batches.
  await db.schema
    .createTable('document_blobs')
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('writing').check(sql`status IN ('writing', 'complete', 'deleting')`),
    )
    .addColumn('bytes', 'bigint', (col) => col.notNull().defaultTo(0).check(sql`bytes >= 0`))
    .addColumn('chunk_count', 'integer', (col) => col.notNull().defaultTo(0).check(sql`chunk_count >= 0`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .addPrimaryKeyConstraint('document_blobs_pkey', ['tenant_id', 'id'])
    .addCheckConstraint(
      'document_blobs_completed_check',
      sql`(status = 'writing') = (completed_at IS NULL) OR status = 'deleting'`,
    )
    .execute();
  await protectTenantTable(db, context, 'document_blobs', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);

  await db.schema
    .createTable('document_blob_chunks')
    .addColumn('tenant_id', 'uuid', (col) => col.notNull())
    .addColumn('blob_id', 'uuid', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull().check(sql`seq >= 0`))
    .addColumn('data', 'bytea', (col) => col.notNull())
    .addPrimaryKeyConstraint('document_blob_chunks_pkey', ['tenant_id', 'blob_id', 'seq'])
    .addForeignKeyConstraint(
      'document_blob_chunks_blob_fkey',
      ['tenant_id', 'blob_id'],
      'document_blobs',
      ['tenant_id', 'id'],
      (constraint) => constraint.onDelete('cascade'),
    )
    .execute();
  // Ciphertext does not compress: store it out of line without trying to.
  await sql`ALTER TABLE document_blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL`.execute(db);
  await protectTenantTable(db, context, 'document_blob_chunks', ['SELECT', 'INSERT', 'DELETE']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('document_blob_chunks').execute();
  await db.schema.dropTable('document_blobs').execute();
}
