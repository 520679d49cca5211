import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// The transactional e-mail outbox (server/modules/mail/outbox.ts, server/jobs/mail-dispatcher.ts).

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // A message is inserted in the transaction of the work that causes it, so it exists exactly when that
  // work committed. Only a template's name and its declared, non-confidential params are stored: the
  // text is rendered when the message is sent. Once sent, recipient and params are cleared, and times are
  // kept to the day (a notice about an anonymous report must not tell its hour).
  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('recipient', 'text', (col) => col.notNull().check(sql`length(recipient) <= 254`))
    .addColumn('locale', 'text', (col) => col.notNull().check(sql`locale IN ('de', 'en')`))
    .addColumn('template', 'text', (col) =>
      col
        .notNull()
        .check(sql`template ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$' AND length(template) <= 100`),
    )
    .addColumn('params', 'jsonb', (col) =>
      col.notNull().defaultTo(sql`'{}'::jsonb`).check(sql`jsonb_typeof(params) = 'object'`),
    )
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('queued').check(sql`status IN ('queued', 'sending', 'sent', 'failed')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0).check(sql`attempts >= 0`))
    // Queued: when the next attempt is due. Sending: when the claim (lease) of the dispatcher that took
    // the message runs out and another one may take it over, after a crash.
    .addColumn('next_attempt_at', 'timestamptz', (col) =>
      // Due at once; kept to the day, since a notice of an anonymous report must not date it while queued.
      col.notNull().defaultTo(sql`date_trunc('day', now())`),
    )
    // Short, without secrets or the address.
    .addColumn('last_error', 'text', (col) => col.check(sql`length(last_error) <= 500`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`date_trunc('day', now())`))
    .addColumn('sent_at', 'timestamptz')
    .addCheckConstraint(
      'email_outbox_recipient_until_sent',
      sql`(status = 'sent') = (recipient = '') AND (status = 'sent') = (sent_at IS NOT NULL)`,
    )
    .execute();
  await sql`
    CREATE INDEX email_outbox_due_idx ON email_outbox (tenant_id, next_attempt_at)
      WHERE status IN ('queued', 'sending')
  `.execute(db);
  await protectTenantTable(db, context, 'email_outbox', ['SELECT', 'INSERT', 'UPDATE']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_outbox').execute();
}
