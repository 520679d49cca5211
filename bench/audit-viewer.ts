// The audit viewer over millions of events (issue 17): generates N audit events (default 2 000 000) for one
// tenant with SQL, then times the viewer's query (server/modules/audit/viewer-store.ts) for each filter, on
// the first page and on a page deep in the log (keyset on seq), and prints the plan's index. Needs a
// PostgreSQL server it may create databases on (bench-database.ts: BENCH_DATABASE_URL, or 127.0.0.1:5432 as
// postgres). The events are inserted with the chain's triggers off (session_replication_role = replica):
// their hashes are not a chain, which the query does not read; bench data only.
//
//   node bench/audit-viewer.ts [events] [--keep]
import { sql } from 'kysely';
import { withTenant } from '../server/db/tenant-transaction.ts';
import { type AuditFilter, selectFilteredAuditEvents } from '../server/modules/audit/viewer-store.ts';
import { createTenant } from '../server/modules/tenants/service.ts';
import { createDatabase, dropDatabase, freshDatabaseName, openBench, withClient } from './bench-database.ts';

const events = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 2_000_000);
const keep = process.argv.includes('--keep');
const name = freshDatabaseName().replace('tma_bench_', 'tma_bench_audit_');
await createDatabase(name);
const bench = await openBench(name, 4);
try {
  const tenantId = (await createTenant(bench.database.db, { slug: 'bench', name: 'Bench' })).id;
  const started = performance.now();
  // 200 users, 20 000 cases, 10 actions, 1 % denied; one event per second of a bit over three weeks.
  await withClient(async (client) => {
    await client.query('SET session_replication_role = replica');
    await client.query(
      `INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_type, actor_id, action, object_type,
                                 object_id, case_id, outcome, prev_hash, hash)
       SELECT $1::uuid, s, timestamptz '2026-11-01' + s * interval '1 second', 'user',
              md5('user' || (s % 200))::uuid::text,
              (ARRAY['case.read','case.update','case.list','report.read','auth.login','case.journal_read',
                     'case.document_read','case.export','user.create','statistics.read'])[1 + s % 10],
              'case', md5('case' || (s % 20000))::uuid::text,
              CASE WHEN s % 10 IN (2, 4, 8) THEN NULL ELSE md5('case' || (s % 20000))::uuid END,
              CASE WHEN s % 100 = 7 THEN 'denied' ELSE 'success' END,
              sha256(int8send(s - 1)), sha256(int8send(s))
       FROM generate_series(1, $2::int8) AS s`,
      [tenantId, events],
    );
    await client.query(
      `INSERT INTO audit_chain_heads (tenant_id, seq, hash) VALUES ($1, $2, sha256(int8send($2::int8)))`,
      [tenantId, events],
    );
    await client.query('ANALYZE audit_events');
  }, name);
  console.log(`generated ${events} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const someCase = await withClient(
    async (client) => (await client.query("SELECT md5('case' || 4711)::uuid AS id")).rows[0].id as string,
    name,
  );
  const filters: Array<[string, AuditFilter]> = [
    ['none', {}],
    [
      'user',
      {
        actorId: await withClient(
          async (c) => (await c.query("SELECT md5('user17')::uuid::text AS id")).rows[0].id as string,
          name,
        ),
      },
    ],
    ['case', { caseId: someCase }],
    ['action', { action: 'case.export' }],
    ['action prefix', { action: 'case.*' }],
    ['outcome denied', { outcome: 'denied' }],
    ['time (one day)', { from: new Date('2026-11-10T00:00:00Z'), to: new Date('2026-11-11T00:00:00Z') }],
  ];
  console.log('filter            first page   page at seq/2   rows');
  for (const [label, filter] of filters) {
    const time = async (before: number | undefined) => {
      const start = performance.now();
      const rows = await withTenant(bench.database, { tenantId, userId: null }, (trx) =>
        selectFilteredAuditEvents(trx, filter, { before, upTo: events, limit: 51 }),
      );
      return { ms: performance.now() - start, rows: rows.length };
    };
    await time(undefined); // warm
    const first = await time(undefined);
    const deep = await time(Math.floor(events / 2));
    console.log(
      `${label.padEnd(17)} ${first.ms.toFixed(1).padStart(8)} ms ${deep.ms.toFixed(1).padStart(11)} ms   ${first.rows}/${deep.rows}`,
    );
  }
  const plan = await withTenant(bench.database, { tenantId, userId: null }, (trx) =>
    sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT seq FROM audit_events
      WHERE tenant_id = ${tenantId} AND actor_id = 'x' AND seq < ${events / 2} ORDER BY seq DESC LIMIT 51`.execute(
      trx,
    ),
  );
  console.log(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
} finally {
  await bench.close();
  if (!keep) await dropDatabase(name);
}
