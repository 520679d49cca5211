// `npm run bench`: TMA under load on PostgreSQL with a realistic amount of data, beside a bare endpoint
// doing the same SQL, in the same run (issue 18). See bench/README.md for what each scenario measures.
//
//   npm run bench -- [--cases 100000] [--duration 10] [--connections 50] [--pool 10] [--keep]
//                    [--reuse <database>] [--compare <results.json>] [--only <scenario>] …   (--help)
//
// Needs a PostgreSQL server it may create databases on: 127.0.0.1:5432 as postgres, or BENCH_DATABASE_URL
// (a superuser's URL to a maintenance database). Sends traffic only to 127.0.0.1; every run is bounded.
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import {
  adminUrl,
  createDatabase,
  databaseExists,
  databaseUrl,
  dropDatabase,
  freshDatabaseName,
  openBench,
  tmaEnv,
  withClient,
} from './bench-database.ts';
import { formatProfileSummary, summariseProfile } from './cpu-profile.ts';
import { signIn } from './document-traffic.ts';
import { embeddedColdStartMs } from './embedded-start.ts';
import {
  BENCH_PASSWORD,
  BENCH_TENANT,
  findBenchTenant,
  type GenerationResult,
  type GenerationSource,
  generateCases,
  SEARCH_WORDS,
  searchEntries,
  seedTenant,
  THREAT_MANAGER_EMAIL,
} from './generate.ts';
import { type ServerProcess, startServerProcess } from './processes.ts';
import { type BenchReport, formatComparison, formatTable } from './report.ts';
import { currentCommit, resultsBase } from './results-file.ts';
import { runScenarios } from './scenarios.ts';

const HELP = `npm run bench -- [options]

  --cases N          cases to generate in a fresh database (default 100000)
  --source S         how the reports the cases come from are made, both through TMA's services:
                     phone (recorded by the team; default) or portal (submitted, receipt hashed, then
                     triaged from the inbox: about half as fast, see bench/README.md)
  --lanes N          generation requests in flight at once (default 8)
  --reuse NAME       use an existing bench database (skips generation; kept afterwards)
  --keep             keep the fresh database afterwards (its name is printed)
  --generate-only    generate and keep the database, run no scenario
  --duration S       seconds per run (default 10)
  --connections N    autocannon connections (default 50)
  --timeout S        seconds before autocannon gives up on a request (default 10)
  --pool N           TMA's PostgreSQL pool size, TMA_DB_POOL_SIZE (default 10)
  --bare-pool N      the bare server's pool size (default: --pool)
  --list-concurrency N
                     TMA's list bulkhead, TMA_LIST_CONCURRENCY (default: --pool; lists beyond it and
                     4× as many waiting get 503 overloaded, counted as non-2xx, not as served)
  --proofs N         proofs of work solved for the submission scenario (default 1500)
  --page N           the deep page of the case list (default 500)
  --documents N      cases that get a document (100 KiB of text) before the download scenario (default 300)
  --only TEXT        only scenarios whose name contains TEXT (repeatable)
  --compare FILE     compare with an earlier results file
  --cpu-prof         sample TMA's CPU during each of its runs (V8's profiler) and print where the time went;
                     the .cpuprofile files are kept beside the results (the profiler costs some throughput)
  --help`;

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    source: { type: 'string', default: 'phone' },
    lanes: { type: 'string', default: '8' },
    reuse: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'generate-only': { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    timeout: { type: 'string', default: '10' },
    pool: { type: 'string', default: '10' },
    'bare-pool': { type: 'string' },
    'list-concurrency': { type: 'string' },
    proofs: { type: 'string', default: '1500' },
    page: { type: 'string', default: '500' },
    documents: { type: 'string', default: '300' },
    only: { type: 'string', multiple: true, default: [] },
    'cpu-prof': { type: 'boolean', default: false },
    compare: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(HELP);
  process.exit(0);
}

function positive(name: string, value: string | undefined, min = 1): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    console.error(`--${name} must be an integer ≥ ${min} (got ${value})`);
    process.exit(2);
  }
  return parsed;
}

const options = {
  cases: positive('cases', args.cases, 0),
  source: args.source as GenerationSource,
  lanes: positive('lanes', args.lanes),
  duration: positive('duration', args.duration),
  connections: positive('connections', args.connections),
  timeout: positive('timeout', args.timeout),
  pool: positive('pool', args.pool),
  barePool: positive('bare-pool', args['bare-pool'] ?? args.pool),
  listConcurrency: positive('list-concurrency', args['list-concurrency'] ?? args.pool),
  proofs: positive('proofs', args.proofs),
  page: positive('page', args.page, 2),
  documents: positive('documents', args.documents),
};
if (options.source !== 'portal' && options.source !== 'phone') {
  console.error('--source must be portal or phone');
  process.exit(2);
}

const log = (line: string) => console.log(line);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** Waits (up to 60 s) until no statement of TMA's pool is running: what a run left in flight is done. */
async function settle(name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  await withClient(async (client) => {
    while (Date.now() < deadline) {
      const busy = await client.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = $1 AND application_name = 'tma' AND state NOT IN ('idle') AND pid <> pg_backend_pid()`,
        [name],
      );
      if (busy.rows[0].n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
}

const postgresVersion = await withClient(async (client) => {
  const row = await client.query('SHOW server_version');
  return row.rows[0].server_version as string;
}).catch((error: Error) => {
  console.error(`Cannot reach PostgreSQL at ${adminUrl()}: ${error.message}`);
  console.error('Start a local PostgreSQL (trust for postgres on 127.0.0.1) or set BENCH_DATABASE_URL.');
  process.exit(2);
});

const loadAtStart = loadavg().map((value) => Number(value.toFixed(2)));
const reused = args.reuse !== undefined;
const name = args.reuse ?? freshDatabaseName();
const keep = reused || args.keep || args['generate-only'];
const servers: ServerProcess[] = [];
let cleanedUp = false;

async function cleanUp(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const server of servers) await server.stop().catch(() => {});
  if (!keep) {
    await dropDatabase(name).catch((error: Error) =>
      console.error(`could not drop ${name}: ${error.message}`),
    );
    log(`dropped ${name}`);
  } else {
    log(`kept ${name}; rerun with --reuse ${name}, drop with: psql -c "DROP DATABASE ${name} WITH (FORCE)"`);
  }
}

process.once('SIGINT', () => {
  log('\ninterrupted: stopping');
  void cleanUp().then(() => process.exit(130));
});

let generation: GenerationResult | null = null;
let tenantId: string;
let caseIds: string[];
const searches: Array<{ word: string; entries: Awaited<ReturnType<typeof searchEntries>> }> = [];
try {
  if (reused) {
    if (!(await databaseExists(name))) throw new Error(`there is no database ${name} to reuse`);
    log(`reusing ${name}`);
  } else {
    await createDatabase(name);
    log(`created ${name} on ${adminUrl().replace(/\/\/[^@]*@/, '//')}`);
  }
  const bench = await openBench(name, options.lanes + 4, { scratchCommits: !reused });
  try {
    if (reused) {
      const found = await findBenchTenant(bench);
      if (!found) throw new Error(`${name} has no tenant "${BENCH_TENANT.slug}": not a bench database`);
      tenantId = found.tenantId;
    } else {
      // The generator's commits do not wait for the disk (scratchCommits); the server's do.
      tenantId = (await seedTenant(bench)).tenantId;
      generation = await generateCases(bench, tenantId, {
        count: options.cases,
        lanes: options.lanes,
        source: options.source,
      });
      log(
        `generated ${generation.cases} cases in ${generation.seconds.toFixed(1)} s ` +
          `(${(generation.cases / generation.seconds).toFixed(1)}/s, ${options.lanes} lanes, ${options.source}); ` +
          `linked ${generation.auditEventsLinked} audit events in ${generation.linkSeconds.toFixed(1)} s`,
      );
    }
    caseIds = (
      await bench.database.db
        .selectFrom('cases')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('deleted_at', 'is', null)
        .execute()
    ).map((row) => row.id);
    // The bare search endpoint holds no keys: it is given the entries TMA computes for each word.
    for (const word of SEARCH_WORDS)
      searches.push({ word, entries: await searchEntries(bench, tenantId, word) });
  } finally {
    await bench.close();
  }
  if (args['generate-only']) {
    await cleanUp();
    process.exit(0);
  }
  // As autovacuum would after a bulk load: visibility map and statistics current for the plans.
  const vacuumStarted = performance.now();
  await withClient((client) => client.query('VACUUM ANALYZE'), name);
  log(`VACUUM ANALYZE in ${seconds(vacuumStarted)} s`);

  const date = new Date().toISOString().slice(0, 10);
  const commit = currentCommit();
  const base = resultsBase(date, commit.short);
  const started = performance.now();
  const tma = await startServerProcess(
    'TMA',
    new URL('./tma-server.ts', import.meta.url),
    { ...process.env, ...tmaEnv(name, options.pool, options.listConcurrency) },
    `${base}-tma.log`,
  );
  servers.push(tma);
  log(`TMA listening at ${tma.url} (pid ${tma.pid}, started in ${tma.startMs} ms; ${seconds(started)} s)`);
  const bare = await startServerProcess(
    'bare',
    new URL('./bare-server.ts', import.meta.url),
    {
      ...process.env,
      BARE_DATABASE_URL: databaseUrl(name),
      BARE_TENANT_ID: tenantId,
      BARE_POOL_SIZE: String(options.barePool),
    },
    `${base}-bare.log`,
  );
  servers.push(bare);
  log(`bare server at ${bare.url} (pid ${bare.pid})`);

  const login = { tenant: BENCH_TENANT.slug, email: THREAT_MANAGER_EMAIL, password: BENCH_PASSWORD };
  const session = await signIn(tma.url, login);
  const { cookie } = session;

  // Unrecorded warm-up: JIT, pools and PostgreSQL's caches, for both servers alike.
  const warm = caseIds.slice(0, 1000);
  for (const [server, prefix, headers] of [
    [tma, '/api/v1/cases/', { cookie }],
    [bare, '/bare/cases/', {}],
  ] as const) {
    if (warm.length === 0) break;
    await autocannon({
      url: `${server.url}${prefix}${warm[0]}`,
      connections: 10,
      duration: 3,
      headers,
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            path: `${prefix}${warm[Math.floor(Math.random() * warm.length)]}`,
          }),
        },
      ],
    });
  }
  log(
    `${caseIds.length} cases; ${options.duration} s per run, ${options.connections} connections, ` +
      `TMA pool ${options.pool} (lists at once ${options.listConcurrency}), bare pool ${options.barePool}\n`,
  );

  // --cpu-prof: V8's profiler in TMA around each of its runs; where the time went is printed after it.
  const profiledTma = async <T>(scenario: string, run: () => Promise<T>): Promise<T> => {
    await tma.ask({ profile: 'start' });
    const result = await run();
    const file = `${base}-${scenario.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`;
    await tma.ask({ profile: 'stop', file }, 120_000);
    log(`  TMA's CPU during ${scenario} (${file}):\n${formatProfileSummary(summariseProfile(file))}`);
    return result;
  };

  const scenarios = await runScenarios(
    {
      tma,
      bare,
      cookie,
      csrf: session.csrf,
      login,
      caseIds,
      duration: options.duration,
      connections: options.connections,
      timeout: options.timeout,
      proofs: options.proofs,
      deepPage: options.page,
      documents: options.documents,
      searches,
      settle: () => settle(name),
      log,
      ...(args['cpu-prof'] ? { aroundTma: profiledTma } : {}),
    },
    args.only,
  );

  log('TMA cold start on an empty embedded data folder …');
  const embeddedStartMs = await embeddedColdStartMs(`${base}-tma-embedded.log`);

  const report: BenchReport = {
    date: new Date().toISOString(),
    commit,
    machine: {
      cpus: availableParallelism(),
      loadAverageAtStart: loadAtStart,
      loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
      node: process.version,
      postgres: postgresVersion,
    },
    options: { ...options, only: args.only },
    database: { name, cases: caseIds.length, reused },
    generation: generation
      ? {
          source: options.source,
          lanes: options.lanes,
          seconds: Number(generation.seconds.toFixed(1)),
          casesPerSecond: Number((generation.cases / generation.seconds).toFixed(1)),
          linkSeconds: Number(generation.linkSeconds.toFixed(1)),
          auditEventsLinked: generation.auditEventsLinked,
        }
      : null,
    tma: { coldStartMs: tma.startMs, embeddedColdStartMs: embeddedStartMs, poolSize: options.pool },
    scenarios,
  };
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  log('');
  log(formatTable(scenarios));
  log('');
  log(`TMA cold start (spawn → listening, schema current): ${tma.startMs} ms`);
  log(
    `TMA cold start, embedded, empty data folder (spawn → listening, all migrations): ${embeddedStartMs} ms`,
  );
  log(
    `load average at the start ${loadAtStart.join(' ')}, at the end ${report.machine.loadAverage.join(' ')} ` +
      `(${report.machine.cpus} cores; other work on the machine makes the figures noisy)`,
  );
  log(`results: ${path.relative(process.cwd(), `${base}.json`)} (server logs beside it)`);
  if (args.compare) log(`\n${formatComparison(report, args.compare)}`);
} finally {
  await cleanUp();
}
