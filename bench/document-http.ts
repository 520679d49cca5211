// Issue 14's done-when, through the HTTP API: "a 1 GiB document upload and download through the HTTP API
// with the server's peak RSS growing by less than 100 MiB and throughput of at least 50 % of the raw
// AES-256-GCM speed measured in the same run".
//
//   node bench/document-http.ts [--store postgres|filesystem]… [--size 1GiB] [--warmup 32MiB]
//                               [--timeout 15] [--pool 10] [--cpu-prof] [--keep]          (--help)
//
// Per store (default both, each with its own TMA process): TMA in a child process (tma-server.ts) on a
// fresh PostgreSQL database with a tenant, a threat manager and one case made through TMA's services
// (generate.ts); the threat manager signs in, uploads an unmeasured warm-up document, then `--size` bytes
// of generated UTF-8 text as one streamed multipart upload (POST /api/v1/cases/{id}/documents), and
// downloads it again (GET …/versions/1/content), its SHA-256 checked against what was sent. The reference
// is raw AES-256-GCM over the same size in 64 KiB chunks (a cipher, its associated data and its tag per
// chunk, as file-encryption.ts seals each one, without I/O), measured just before each upload in a fresh
// Node process (raw-gcm.ts says why) and, for comparison, in this one. A second reference is the transport
// alone: the same upload and download against bare-transfer-server.ts (Fastify and its multipart parser,
// nothing stored), once per run.
// Memory is the server's own: /proc/<pid>/clear_refs before each transfer, VmHWM after. Needs PostgreSQL
// as bench/run.ts does (BENCH_DATABASE_URL or 127.0.0.1:5432, user postgres). Bounded by --timeout.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  adminUrl,
  createDatabase,
  dropDatabase,
  freshDatabaseName,
  openBench,
  tmaEnv,
  withClient,
} from './bench-database.ts';
import { formatProfileSummary, type ProfileSummary, summariseProfile } from './cpu-profile.ts';
import { type CpuUse, cpuSnapshot, cpuUse, describeCpuUse } from './cpu-time.ts';
import {
  documentTextDigest,
  downloadDocument,
  type Session,
  signIn,
  type UploadResult,
  uploadDocument,
  uploadText,
} from './document-traffic.ts';
import { BENCH_PASSWORD, BENCH_TENANT, generateCases, seedTenant, THREAT_MANAGER_EMAIL } from './generate.ts';
import { type ServerProcess, startServerProcess } from './processes.ts';
import { rawGcm, rawGcmInFreshProcess, tmaStreamCrypto } from './raw-gcm.ts';
import { currentCommit, resultsBase } from './results-file.ts';

const HELP = `node bench/document-http.ts [options]

  --store S      postgres or filesystem (TMA_DOCUMENT_STORE); repeatable or comma-separated
                 (default: postgres,filesystem, each with a TMA process of its own)
  --size N       the document's size: 1GiB (default), 256MiB, or bytes
  --warmup N     an unmeasured document uploaded and downloaded first (default 32MiB; 0: none)
  --timeout M    minutes before everything is stopped and the database dropped (default 15)
  --pool N       TMA's PostgreSQL pool size (default 10)
  --cpu-prof     also sample TMA's CPU during each transfer (V8's profiler, 0.5 ms) and print where the
                 time went; the .cpuprofile files are kept beside the results (the profiler costs a little
                 throughput: take the figures of a run without it)
  --keep         keep the database afterwards
  --help

After the stores the same transfers go to bare-transfer-server.ts: the transport alone, as a reference.`;

const MiB = 1024 * 1024;
/** Issue 14: peak RSS growth per transfer below this, throughput at least this share of raw AES-GCM. */
const TARGET_RSS_GROWTH_MIB = 100;
const TARGET_RAW_SHARE = 0.5;
const STORES = ['postgres', 'filesystem'] as const;
type Store = (typeof STORES)[number];

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', multiple: true, default: [] },
    size: { type: 'string', default: '1GiB' },
    warmup: { type: 'string', default: '32MiB' },
    timeout: { type: 'string', default: '15' },
    pool: { type: 'string', default: '10' },
    'cpu-prof': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(HELP);
  process.exit(0);
}

function parseSize(option: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(|b|kib|mib|gib)$/i.exec(text.trim());
  if (!match) {
    console.error(`--${option} must look like 1GiB, 256MiB or a byte count (got "${text}")`);
    process.exit(2);
  }
  const unit = { '': 1, b: 1, kib: 1024, mib: MiB, gib: 1024 * MiB }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

const size = parseSize('size', args.size);
const warmup = parseSize('warmup', args.warmup);
const timeoutMinutes = Number(args.timeout);
const pool = Number(args.pool);
const stores = (args.store.length > 0 ? args.store.flatMap((s) => s.split(',')) : [...STORES]).map((s) =>
  s.trim(),
) as Store[];
if (
  size < 1 ||
  !(timeoutMinutes > 0) ||
  !Number.isInteger(pool) ||
  pool < 1 ||
  stores.some((s) => !STORES.includes(s))
) {
  console.error(
    `bad options (--store postgres|filesystem, --size > 0, --timeout > 0, --pool ≥ 1)\n\n${HELP}`,
  );
  process.exit(2);
}

const log = (line: string) => console.log(line);
const mib = (bytes: number) => bytes / MiB;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

interface RawSpeeds {
  /**
   * The reference: createCipheriv + AAD + update + final + tag per 64 KiB chunk, best of three passes, in a
   * fresh Node process (raw-gcm.ts); opening likewise.
   */
  gcmEncryptMiBs: number;
  gcmDecryptMiBs: number;
  /** The same in this process, whose heap holds TMA's modules (collections cost more: raw-gcm.ts). */
  inBenchProcess: { gcmEncryptMiBs: number; gcmDecryptMiBs: number; heapMiB: number };
  /** TMA's encryptStream / decryptStream over documentText in this process: the crypto code, no I/O. */
  encryptStreamMiBs: number;
  decryptStreamMiBs: number;
}

interface Transfer {
  seconds: number;
  mibPerSecond: number;
  shareOfRaw: number;
  rssBeforeMiB: number | null;
  peakRssMiB: number | null;
  rssGrowthMiB: number | null;
  cpu: CpuUse;
  profile?: ProfileSummary;
}

interface Transfers {
  /** `postgres`, `filesystem`, or `transport only` (bare-transfer-server.ts). */
  store: string;
  raw: RawSpeeds;
  upload: Transfer & { sentSeconds: number };
  download: Transfer & { firstByteSeconds: number };
  verified: boolean;
  pass: { rss: boolean; throughput: boolean };
}

/** What a transfer needs: the server to send to, and the two requests. */
interface TransferPlan {
  label: string;
  server: ServerProcess;
  upload(): Promise<UploadResult>;
  /** Checks the upload's answer and returns the path to download what was stored. */
  stored(answer: UploadResult): string;
  session: Session | null;
  /** How the server is named in the CPU figures; only `TMA` answers the profiler's requests. */
  cpuName: string;
}

const loadAtStart = loadavg().map((value) => round(value, 2));
const postgresVersion = await withClient(async (client) => {
  const row = await client.query('SHOW server_version');
  return row.rows[0].server_version as string;
}).catch((error: Error) => {
  console.error(`Cannot reach PostgreSQL at ${adminUrl()}: ${error.message}`);
  process.exit(2);
});

const name = freshDatabaseName();
const commit = currentCommit();
const base = resultsBase(new Date().toISOString().slice(0, 10), commit.short, 'document-http');
const servers: ServerProcess[] = [];
const scratchDirs: string[] = [];
const abort = new AbortController();
let cleanedUp = false;

async function cleanUp(kill = false): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const server of servers) {
    if (kill) {
      try {
        process.kill(server.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    } else await server.stop().catch(() => {});
  }
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  if (args.keep) log(`kept ${name}; drop with: psql -c "DROP DATABASE ${name} WITH (FORCE)"`);
  else
    await dropDatabase(name).then(
      () => log(`dropped ${name}`),
      (error: Error) => console.error(`could not drop ${name}: ${error.message}`),
    );
}

const deadline = setTimeout(() => {
  log(`\n--timeout: ${timeoutMinutes} min passed; stopping everything`);
  abort.abort();
  void cleanUp(true).finally(() => process.exit(124));
}, timeoutMinutes * 60_000);
process.once('SIGINT', () => {
  log('\ninterrupted: stopping');
  abort.abort();
  void cleanUp(true).finally(() => process.exit(130));
});

/** Runs `run`, with TMA's CPU profiler on around it when asked (`server` null: not a TMA, not profiled). */
async function profiled<T>(server: ServerProcess | null, phase: string, run: () => Promise<T>) {
  if (!args['cpu-prof'] || !server) return { result: await run() };
  await server.ask({ profile: 'start' });
  const result = await run();
  const file = `${base}-${phase}.cpuprofile`;
  await server.ask({ profile: 'stop', file }, 120_000);
  return { result, profile: summariseProfile(file) };
}

/** The references, measured just before a transfer: raw AES-256-GCM and TMA's stream crypto, no I/O. */
async function rawSpeeds(label: string): Promise<RawSpeeds> {
  const fresh = await rawGcmInFreshProcess(size);
  const here = rawGcm(size);
  const stream = await tmaStreamCrypto(Math.min(size, 256 * MiB));
  const raw: RawSpeeds = {
    gcmEncryptMiBs: round(fresh.sealMiBs),
    gcmDecryptMiBs: round(fresh.openMiBs),
    inBenchProcess: {
      gcmEncryptMiBs: round(here.sealMiBs),
      gcmDecryptMiBs: round(here.openMiBs),
      heapMiB: round(here.heapMiB),
    },
    encryptStreamMiBs: round(stream.sealMiBs),
    decryptStreamMiBs: round(stream.openMiBs),
  };
  log(
    `${label}: raw AES-256-GCM ${raw.gcmEncryptMiBs} MiB/s sealing, ${raw.gcmDecryptMiBs} opening (a fresh process; ` +
      `in the bench process, heap ${raw.inBenchProcess.heapMiB.toFixed(0)} MiB: ${raw.inBenchProcess.gcmEncryptMiBs} and ` +
      `${raw.inBenchProcess.gcmDecryptMiBs}); TMA's encryptStream ${raw.encryptStreamMiBs}, decryptStream ` +
      `${raw.decryptStreamMiBs} MiB/s in the bench process`,
  );
  // What the bench allocated for the references is its own; let the machine settle before timing.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return raw;
}

/** One timed request: the server's peak RSS reset before and read after, CPU per process, a profile. */
async function timed<T>(server: ServerProcess, profile: boolean, phase: string, run: () => Promise<T>) {
  const rssBefore = server.rssMiB();
  server.resetPeak();
  const cpuBefore = cpuSnapshot(server.pid);
  const { result, profile: sampled } = await profiled(profile ? server : null, phase, run);
  const cpu = cpuUse(cpuBefore, cpuSnapshot(server.pid));
  const peak = server.peakRssMiB();
  return { result, profile: sampled, cpu, rssBefore, peak };
}

function transfer(
  raw: RawSpeeds,
  seconds: number,
  measured: {
    cpu: CpuUse;
    rssBefore: number | null;
    peak: number | null;
    profile?: ProfileSummary | undefined;
  },
): Transfer {
  const rate = mib(size) / seconds;
  const { rssBefore, peak, cpu, profile } = measured;
  return {
    seconds: round(seconds, 2),
    mibPerSecond: round(rate),
    shareOfRaw: round(rate / raw.gcmEncryptMiBs, 3),
    rssBeforeMiB: rssBefore === null ? null : round(rssBefore),
    peakRssMiB: peak === null ? null : round(peak),
    rssGrowthMiB: rssBefore === null || peak === null ? null : round(peak - rssBefore),
    cpu,
    ...(profile ? { profile } : {}),
  };
}

/** A warm-up round trip of `warmup` bytes (unmeasured), then the measured upload and download of `size`. */
async function measureTransfers(plan: TransferPlan, warmUp: () => Promise<void>, expected: string) {
  const { label, server } = plan;
  if (warmup > 0) {
    await warmUp();
    log(`${label}: warm-up document of ${mib(warmup).toFixed(0)} MiB up and down (not measured)`);
  }
  const raw = await rawSpeeds(label);
  const isTma = plan.cpuName === 'TMA';
  const up = await timed(server, isTma, `${label.replace(/\W+/g, '-')}-upload`, plan.upload);
  const path = plan.stored(up.result);
  log(
    `${label}: upload   ${mib(size).toFixed(0)} MiB in ${up.result.seconds.toFixed(1)} s = ` +
      `${(mib(size) / up.result.seconds).toFixed(1)} MiB/s (body sent after ${up.result.sentSeconds.toFixed(1)} s); ` +
      describeCpuUse(up.cpu, plan.cpuName),
  );
  if (up.profile) log(formatProfileSummary(up.profile));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const down = await timed(server, isTma, `${label.replace(/\W+/g, '-')}-download`, () =>
    downloadDocument(server.url, plan.session, path, { signal: abort.signal }),
  );
  if (down.result.status !== 200) throw new Error(`${label} download: ${down.result.status}`);
  const verified = down.result.bytes === size && down.result.sha256 === expected;
  log(
    `${label}: download ${mib(down.result.bytes).toFixed(0)} MiB in ${down.result.seconds.toFixed(1)} s = ` +
      `${(mib(down.result.bytes) / down.result.seconds).toFixed(1)} MiB/s (first byte after ` +
      `${(down.result.firstByteSeconds * 1000).toFixed(0)} ms); SHA-256 ` +
      `${verified ? 'matches what was sent' : `DIFFERS (${down.result.bytes} bytes, ${down.result.sha256})`}; ` +
      describeCpuUse(down.cpu, plan.cpuName),
  );
  if (down.profile) log(formatProfileSummary(down.profile));
  const upload = { ...transfer(raw, up.result.seconds, up), sentSeconds: round(up.result.sentSeconds, 2) };
  const download = {
    ...transfer(raw, down.result.seconds, down),
    firstByteSeconds: round(down.result.firstByteSeconds, 3),
  };
  return {
    store: label,
    raw,
    upload,
    download,
    verified,
    pass: {
      rss: [upload, download].every((t) => t.rssGrowthMiB !== null && t.rssGrowthMiB < TARGET_RSS_GROWTH_MIB),
      throughput: [upload, download].every((t) => t.shareOfRaw >= TARGET_RAW_SHARE),
    },
  };
}

async function measureStore(store: Store, caseId: string, expected: string): Promise<Transfers> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...tmaEnv(name, pool),
    TMA_DOCUMENT_STORE: store,
    TMA_DOCUMENT_MAX_BYTES: String(Math.max(2 * 1024 * MiB, size)),
  };
  if (store === 'filesystem') {
    const dir = mkdtempSync(path.join(tmpdir(), 'tma-bench-documents-'));
    scratchDirs.push(dir);
    env.TMA_DOCUMENT_DIR = dir;
  }
  const server = await startServerProcess(
    `TMA (${store})`,
    new URL('./tma-server.ts', import.meta.url),
    env,
    `${base}-tma-${store}.log`,
    120_000,
  );
  servers.push(server);
  try {
    log(
      `${store}: TMA listening at ${server.url} (pid ${server.pid}, RSS ${server.rssMiB()?.toFixed(0)} MiB)`,
    );
    const session = await signIn(server.url, {
      tenant: BENCH_TENANT.slug,
      email: THREAT_MANAGER_EMAIL,
      password: BENCH_PASSWORD,
    });
    const contentPath = (answer: UploadResult, bytes: number) => {
      if (answer.status !== 201) throw new Error(`${store} upload: ${answer.status} ${answer.body}`);
      const document = JSON.parse(answer.body) as { id: string; versions: Array<{ byteLength: number }> };
      if (document.versions[0]?.byteLength !== bytes)
        throw new Error(`${store} upload stored ${document.versions[0]?.byteLength} bytes, not ${bytes}`);
      return `/api/v1/cases/${caseId}/documents/${document.id}/versions/1/content`;
    };
    const upload = (bytes: number) => () =>
      uploadDocument(server.url, session, caseId, bytes, { signal: abort.signal });
    return await measureTransfers(
      {
        label: store,
        server,
        session,
        cpuName: 'TMA',
        upload: upload(size),
        stored: (answer) => contentPath(answer, size),
      },
      async () => {
        const path = contentPath(await upload(warmup)(), warmup);
        const download = await downloadDocument(server.url, session, path, { signal: abort.signal });
        if (download.status !== 200 || download.bytes !== warmup)
          throw new Error(`${store} warm-up download: ${download.status}, ${download.bytes} bytes`);
      },
      expected,
    );
  } finally {
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
  }
}

/** The same transfers against bare-transfer-server.ts: Node's HTTP server and the multipart parser alone. */
async function measureTransport(expected: string): Promise<Transfers> {
  const server = await startServerProcess(
    'bare transfer',
    new URL('./bare-transfer-server.ts', import.meta.url),
    process.env,
    `${base}-bare-transfer.log`,
  );
  servers.push(server);
  try {
    const upload = (bytes: number) => () =>
      uploadText(new URL('/bare/transfer', server.url), bytes, { signal: abort.signal });
    const stored = (answer: UploadResult, bytes: number) => {
      const body = JSON.parse(answer.body) as { bytes?: number };
      if (answer.status !== 201 || body.bytes !== bytes)
        throw new Error(`bare transfer upload: ${answer.status} ${answer.body}`);
      return `/bare/transfer/${bytes}`;
    };
    return await measureTransfers(
      {
        label: 'transport only',
        server,
        session: null,
        cpuName: 'bare server',
        upload: upload(size),
        stored: (a) => stored(a, size),
      },
      async () => {
        const path = stored(await upload(warmup)(), warmup);
        await downloadDocument(server.url, null, path, { signal: abort.signal });
      },
      expected,
    );
  } finally {
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
  }
}

function formatResults(results: Transfers[]): string {
  const header = [
    'store',
    'upload MiB/s',
    'download MiB/s',
    'raw GCM MiB/s',
    'up/raw',
    'down/raw',
    'RSS upload MiB',
    'RSS download MiB',
    `RSS < ${TARGET_RSS_GROWTH_MIB} MiB`,
    `≥ ${TARGET_RAW_SHARE * 100} % raw`,
    'SHA-256',
  ];
  const rss = (t: Transfer) =>
    t.rssGrowthMiB === null
      ? '–'
      : `${t.rssBeforeMiB?.toFixed(0)}→${t.peakRssMiB?.toFixed(0)} (${t.rssGrowthMiB >= 0 ? '+' : ''}${t.rssGrowthMiB.toFixed(1)})`;
  const rows = results.map((r) => [
    r.store === 'transport only' ? 'transport only (no TMA)' : r.store,
    r.upload.mibPerSecond.toFixed(1),
    r.download.mibPerSecond.toFixed(1),
    r.raw.gcmEncryptMiBs.toFixed(0),
    `${r.upload.shareOfRaw.toFixed(3)}×`,
    `${r.download.shareOfRaw.toFixed(3)}×`,
    rss(r.upload),
    rss(r.download),
    ...(r.store === 'transport only'
      ? ['–', r.pass.throughput ? '(would pass)' : '(would fail)']
      : [r.pass.rss ? 'PASS' : 'FAIL', r.pass.throughput ? 'PASS' : 'FAIL']),
    r.verified ? 'match' : 'DIFFERS',
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

let failed = false;
try {
  log(
    `load average ${loadAtStart.join(' ')} (${availableParallelism()} cores); document ${mib(size).toFixed(0)} MiB; ` +
      `stores ${stores.join(', ')}; timeout ${timeoutMinutes} min`,
  );
  await createDatabase(name);
  log(`created ${name}`);
  const bench = await openBench(name, 4, { scratchCommits: true });
  let caseId: string;
  try {
    const { tenantId } = await seedTenant(bench);
    await generateCases(bench, tenantId, { count: 1, lanes: 1, source: 'phone' });
    const found = await bench.database.db
      .selectFrom('cases')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    caseId = found.id;
  } finally {
    await bench.close();
  }
  log(`seeded tenant "${BENCH_TENANT.slug}", its threat manager and case ${caseId}`);
  const hashStarted = performance.now();
  const expected = documentTextDigest(size);
  log(
    `SHA-256 of the ${mib(size).toFixed(0)} MiB to send: ${expected.slice(0, 16)}… (${((performance.now() - hashStarted) / 1000).toFixed(1)} s, before any timing)`,
  );

  const results: Transfers[] = [];
  for (const store of stores) results.push(await measureStore(store, caseId, expected));
  results.push(await measureTransport(expected));

  const report = {
    date: new Date().toISOString(),
    benchmark: 'document-http',
    commit,
    machine: {
      cpus: availableParallelism(),
      loadAverageAtStart: loadAtStart,
      loadAverage: loadavg().map((value) => round(value, 2)),
      node: process.version,
      postgres: postgresVersion,
    },
    options: { size, warmup, stores, pool, timeoutMinutes, cpuProf: args['cpu-prof'] },
    targets: { rssGrowthMiB: TARGET_RSS_GROWTH_MIB, shareOfRawGcm: TARGET_RAW_SHARE },
    database: { name },
    results,
  };
  mkdirSync(path.dirname(base), { recursive: true });
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  log('');
  log(formatResults(results));
  log('');
  log(
    `targets (issue 14): peak RSS growth < ${TARGET_RSS_GROWTH_MIB} MiB per transfer; upload and download each ` +
      `≥ ${TARGET_RAW_SHARE * 100} % of raw AES-256-GCM sealing, measured just before in a fresh process`,
  );
  log(
    `load average at the start ${loadAtStart.join(' ')}, at the end ${report.machine.loadAverage.join(' ')} ` +
      `(${report.machine.cpus} cores)`,
  );
  log(`results: ${path.relative(process.cwd(), `${base}.json`)} (server logs beside it)`);
  failed = results.some((r) => !r.verified);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  clearTimeout(deadline);
  await cleanUp();
}
process.exit(failed ? 1 : 0);
