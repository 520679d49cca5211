// The data subject search over many reports (issue 17): persons of cases are found by blind index, but
// reporters' names and the people a report's answers name have no index (docs/privacy.md), so the search
// opens every live report of the organisation with its own key and compares words in memory. This times that
// search (DataSubjectService.create, as the data protection officer's "New request" runs it) over N cases
// made through TMA's services (bench/generate.ts: one report each), and prints the time per 1 000 reports.
// Needs a PostgreSQL server it may create databases on (bench-database.ts).
//
//   node bench/data-subject-search.ts [cases] [--keep]
import { randomUUID } from 'node:crypto';
import { withTenant } from '../server/db/tenant-transaction.ts';
import { DataSubjectService } from '../server/modules/data-subjects/service.ts';
import { IdentityService } from '../server/modules/identity/service.ts';
import { createDatabase, dropDatabase, freshDatabaseName, openBench } from './bench-database.ts';
import {
  ADMIN_EMAIL,
  BENCH_PASSWORD,
  BENCH_TENANT,
  generateCases,
  SEARCH_WORDS,
  seedTenant,
} from './generate.ts';

const count = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 5_000);
const keep = process.argv.includes('--keep');
const name = freshDatabaseName().replace('tma_bench_', 'tma_bench_dsar_');
await createDatabase(name);
const bench = await openBench(name, 4, { scratchCommits: true });
try {
  const { tenantId } = await seedTenant(bench);
  const generated = await generateCases(bench, tenantId, { count, lanes: 4, source: 'phone' });
  console.log(`generated ${generated.cases} cases in ${generated.seconds.toFixed(1)} s`);
  const reports = await withTenant(bench.database, { tenantId, userId: null }, (trx) =>
    trx
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  );

  const identity = new IdentityService(bench.database, { idleMinutes: 60, maxHours: 8 });
  const login = await identity.login(
    { tenant: BENCH_TENANT.slug, email: ADMIN_EMAIL, password: BENCH_PASSWORD },
    { requestId: randomUUID(), address: '127.0.0.1', userAgent: 'tma-bench' },
  );
  if (login.kind !== 'session') throw new Error('the bench admin unexpectedly needs a second factor');
  const auth = await identity.authenticate(login.token);
  if (!auth) throw new Error('the bench admin’s session did not authenticate');
  const service = new DataSubjectService({
    database: bench.database,
    keyring: bench.keyring,
    blobStore: bench.blobStore,
  });

  const times: number[] = [];
  for (const [index, word] of [...SEARCH_WORDS, 'Nobody Known'].entries()) {
    const started = performance.now();
    const request = await service.create(auth, { name: word }, randomUUID());
    const ms = performance.now() - started;
    if (index > 0) times.push(ms); // the first warms the keyring's caches
    console.log(`search "${word}": ${request.matches.length} matches in ${ms.toFixed(0)} ms`);
  }
  const mean = times.reduce((sum, ms) => sum + ms, 0) / times.length;
  console.log(
    `${reports.n} reports: ${mean.toFixed(0)} ms per search on average (${((mean / Number(reports.n)) * 1000).toFixed(0)} ms per 1 000 reports)`,
  );
} finally {
  await bench.close();
  if (!keep) await dropDatabase(name);
}
