// Search finds its cases through the term index also under row-level security (issue 13), on both
// databases. Inside a tenant transaction the policies add their conditions to every scan; PostgreSQL may
// only push the search's own condition into an index scan when its operator is leakproof. Array
// containment (`@>`, the GIN indexes search used before migration 0030) is not, so search walked every row
// of the tenant; text equality is. With sequential scans priced out, a plan that still cannot use the
// index shows it. The timing at 100 000 cases is in bench/README.md ("search").
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { withTenant } from '../../server/db/tenant-transaction.ts';
import { casesWithEveryWord, sourcesWithAllTerms } from '../../server/modules/cases/search-terms.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { databaseTargets, openTestDatabase } from '../support/databases.ts';

/** An index scan, plain, index-only or bitmap, on the term index. */
const termIndex = /Index (Only )?Scan (using|on) case_search_terms_term_idx/;
const term = (n: number) => n.toString(16).padStart(32, '0');

describe.each(databaseTargets())('search plans on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tenantId: string;
  const viewers: Record<string, string> = {};

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    for (const role of ['threat_manager', 'expert'] as const)
      viewers[role] = (
        await createUser(
          database,
          tenantId,
          { email: `${role}@acme.example`, role, password: 'Lantern-Orbit 92 quietly' },
          { kind: 'operator' },
        )
      ).id;
    // The planner chooses by statistics: 2 000 cases with 10 terms each, term i of case c being
    // term(c * 10 + i), written as the table's owner with triggers and foreign keys off (no case rows).
    await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`INSERT INTO case_search_terms (tenant_id, case_id, source, source_id, term, managers_only)
        SELECT ${tenantId}::uuid, c.id, 'case', c.id, lpad(to_hex(c.n * 10 + i), 32, '0'), false
        FROM (SELECT n, gen_random_uuid() AS id FROM generate_series(0, 1999) AS n) AS c,
          generate_series(0, 9) AS i`.execute(trx);
    });
    await sql`ANALYZE case_search_terms`.execute(database.db);
  });

  afterAll(async () => {
    await cleanup?.();
  });

  async function plan(userId: string, query: ReturnType<typeof sql>): Promise<string> {
    return withTenant(database, { tenantId, userId }, async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${query}`.execute(trx);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
  }

  it.each(['threat_manager', 'expert'])('a search by words uses the term index for a %s', async (role) => {
    const query = plan(viewers[role] as string, casesWithEveryWord([[term(1), term(2)], [term(3)]]));
    expect(await query).toMatch(termIndex);
  });

  it('a person search by name uses the term index', async () => {
    const query = plan(viewers.threat_manager as string, sourcesWithAllTerms('person', [term(4), term(5)]));
    expect(await query).toMatch(termIndex);
  });
});
