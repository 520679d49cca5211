import { type Kysely, sql } from 'kysely';

// A reopened case forgets why it was closed (issue 17), whichever release reopens it: the release before
// 0041 does not know `cases.closing_outcome` and would leave a stale outcome behind during a rolling deploy,
// so the database clears it, like `reports.closed_on` (migration 0041).
//
// Expand only: a trigger.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await sql`CREATE FUNCTION tma_case_closing_outcome_cleared() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.closing_outcome := NULL;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER cases_closing_outcome_cleared BEFORE UPDATE OF status ON cases
    FOR EACH ROW WHEN (NEW.status <> 'closed' AND NEW.closing_outcome IS NOT NULL)
    EXECUTE FUNCTION tma_case_closing_outcome_cleared()`.execute(db);
  // What a reopening by the previous release may have left already.
  await sql`UPDATE cases SET closing_outcome = NULL WHERE status <> 'closed' AND closing_outcome IS NOT NULL`.execute(
    db,
  );
}

export async function down(db: Db): Promise<void> {
  await sql`DROP TRIGGER cases_closing_outcome_cleared ON cases`.execute(db);
  await sql`DROP FUNCTION tma_case_closing_outcome_cleared()`.execute(db);
}
