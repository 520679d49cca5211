// Streaming document encryption through a blob store, end to end, with memory kept flat.
//   node --expose-gc bench/document-stream.ts [size=1GiB] [stores=filesystem,postgres,embedded]
// Generates `size` bytes of deterministic pseudo-random data piece by piece (never held whole), encrypts
// them with encryptStream, stores the ciphertext, reads and decrypts it back, and compares running SHA-256
// digests of input and output. Each store runs in its own process, so that one run's memory does not
// count against the next. The peak RSS growth over the baseline (taken after set-up and an unmeasured
// warm-up document) is the kernel's own high-water mark (VmHWM, reset at the baseline; sampled every
// 50 ms and on every piece where there is none), judged against the target: < 64 MiB for a 1 GiB round
// trip (PASS/FAIL per store). A second line tells where the memory went. `postgres` needs BENCH_DATABASE_URL (a scratch database is created
// and dropped there); `embedded` runs PGlite in a temporary data folder. Bounded by `size`.
import { spawnSync } from 'node:child_process';
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import pg from 'pg';
import type { DatabaseConfig } from '../server/config.ts';
import { decryptStream, encryptStream } from '../server/crypto/file-encryption.ts';
import { type Database, openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import type { BlobStore } from '../server/modules/documents/blob-store.ts';
import { createFilesystemBlobStore } from '../server/modules/documents/filesystem-blob-store.ts';
import { createPostgresBlobStore } from '../server/modules/documents/postgres-blob-store.ts';
import { releaseBuffer } from '../server/release-buffer.ts';

const MiB = 1024 * 1024;
/** Peak RSS growth allowed for a 1 GiB round trip. */
const TARGET_MIB = 64;
const storeNames = ['filesystem', 'postgres', 'embedded'] as const;
type StoreName = (typeof storeNames)[number];

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(|b|kib|mib|gib)$/i.exec(text.trim());
  if (!match) throw new Error(`size must look like 1GiB, 256MiB or a byte count (got "${text}")`);
  const unit = { '': 1, b: 1, kib: 1024, mib: MiB, gib: 1024 * MiB }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

const size = parseSize(process.argv[2] ?? '1GiB');
const requested = (process.argv[3] ?? storeNames.join(',')).split(',').map((name) => name.trim());
const child = process.argv[4] === '--child';

/** Deterministic pseudo-random bytes (an AES-CTR keystream) in pieces of an odd size, hashed on the way. */
async function* generate(total: number, hash: ReturnType<typeof createHash>, sample: () => void) {
  const keystream = createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16, 0));
  const pieceSize = MiB + 12_345;
  const zeroes = Buffer.alloc(pieceSize);
  for (let sent = 0; sent < total; ) {
    const length = Math.min(pieceSize, total - sent);
    const piece = keystream.update(zeroes.subarray(0, length));
    hash.update(piece);
    sent += length;
    sample();
    yield piece;
    // encryptStream keeps no reference to a piece once it asks for the next one.
    releaseBuffer(piece);
  }
}

async function openStore(
  name: StoreName,
  scratch: string,
): Promise<{
  store: BlobStore;
  tenantId: string;
  /** Bytes of WebAssembly memory (the embedded PGlite's; it never shrinks). */
  wasmMemory?: () => number;
  close(): Promise<void>;
}> {
  if (name === 'filesystem') {
    return {
      store: createFilesystemBlobStore(path.join(scratch, 'documents')),
      tenantId: randomUUID(),
      close: async () => {},
    };
  }
  let config: DatabaseConfig;
  let drop = async () => {};
  if (name === 'embedded') {
    config = { engine: 'embedded', dataDir: path.join(scratch, 'db'), appRole: 'tma_app' };
  } else {
    const adminUrl = process.env.BENCH_DATABASE_URL;
    if (!adminUrl) throw new Error('BENCH_DATABASE_URL is not set');
    const databaseName = `tma_bench_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${databaseName}`;
    config = {
      engine: 'postgres',
      url: url.toString(),
      migrationUrl: url.toString(),
      poolSize: 4,
      appRole: 'tma_app',
    };
    drop = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await client.end();
    };
  }
  let database: Database;
  try {
    database = await openDatabase(config);
    await migrateToLatest(database);
  } catch (error) {
    await drop();
    throw error;
  }
  const tenant = await database.db
    .insertInto('tenants')
    .values({ slug: 'bench', name: 'Bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  // PGlite's Emscripten module is not public API: read only for this report.
  const module = (database as unknown as { pglite?: { mod?: { HEAPU8?: Uint8Array } } }).pglite?.mod;
  return {
    store: createPostgresBlobStore(database),
    tenantId: tenant.id,
    ...(module ? { wasmMemory: () => module.HEAPU8?.byteLength ?? 0 } : {}),
    async close() {
      await database.close();
      await drop();
    },
  };
}

/** The resident bytes of this process's memory mapping of exactly `size` bytes (Linux), if there is one. */
function residentOfMapping(size: number): number | undefined {
  let smaps: string;
  try {
    smaps = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return undefined;
  }
  let matching = false;
  for (const line of smaps.split('\n')) {
    const range = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
    if (range) {
      matching = Number.parseInt(range[2] as string, 16) - Number.parseInt(range[1] as string, 16) === size;
      continue;
    }
    const rss = matching && /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) return Number(rss[1]) * 1024;
  }
  return undefined;
}

/** The kernel's peak RSS of this process (Linux), which `resetPeakRss` sets back to the current RSS. */
function peakRss(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return peakRss() !== undefined;
  } catch {
    return false;
  }
}

/** Peak RSS of one phase: the kernel's high-water mark where it can be reset, else the highest sample. */
function rssMeter() {
  const kernel = resetPeakRss();
  let sampled = process.memoryUsage.rss();
  return {
    sample() {
      sampled = Math.max(sampled, process.memoryUsage.rss());
    },
    peak(): number {
      this.sample();
      return Math.max(sampled, (kernel && peakRss()) || 0);
    },
    kernel,
  };
}

function wasmReport(
  before: { size: number; resident: number | undefined },
  after: { size: number; resident: number | undefined },
) {
  const mib = (value: number) => (value / MiB).toFixed(1);
  const resident =
    before.resident !== undefined && after.resident !== undefined
      ? ` (resident +${mib(after.resident - before.resident)} MiB, ${mib(after.resident)} of ${mib(after.size)} MiB)`
      : '';
  return `, WebAssembly memory +${mib(after.size - before.size)} MiB${resident}`;
}

/** Bigger than PGlite's shared buffers (128 MB). */
const WARM_UP_BYTES = 192 * MiB;

/** Writes, reads back and deletes one document of `bytes`, unmeasured. */
async function roundTrip(store: BlobStore, tenantId: string, bytes: number): Promise<void> {
  const key = randomBytes(32);
  const blobId = randomUUID();
  const context = { tenantId, scope: 'case', scopeId: randomUUID(), documentId: blobId, version: 1 };
  await store.put(
    tenantId,
    blobId,
    encryptStream(
      generate(bytes, createHash('sha256'), () => {}),
      key,
      context,
    ),
  );
  for await (const piece of decryptStream(store.get(tenantId, blobId), key, context)) releaseBuffer(piece);
  await store.delete(tenantId, blobId);
}

async function runOne(name: StoreName): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'tma-bench-docs-'));
  const { store, tenantId, wasmMemory, close } = await openStore(name, scratch);
  try {
    // Warm-up: a first document fills what a long-running server has filled already, chiefly the
    // embedded PGlite's shared buffers (128 MB inside this process; PostgreSQL server keeps its own in
    // its processes), so that the baseline holds them and the measurement is the stream's own memory.
    await roundTrip(store, tenantId, WARM_UP_BYTES);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const baseline = process.memoryUsage();
    const wasm = () => {
      const size = wasmMemory?.() ?? 0;
      return { size, resident: size ? residentOfMapping(size) : undefined };
    };
    const baseWasm = wasm();
    const spaceSize = (space: string) =>
      v8.getHeapSpaceStatistics().find((entry) => entry.space_name === space)?.space_size ?? 0;
    // Where the memory went, sampled every 50 ms: V8 heap (committed), its young generation, and
    // Buffers (ArrayBuffer memory, live or not yet collected; the WebAssembly memory is not part of it).
    const most = {
      heapTotal: baseline.heapTotal,
      buffers: baseline.arrayBuffers,
      newSpace: spaceSize('new_space'),
    };
    let meter = rssMeter();
    const sample = () => meter.sample();
    const sampler = setInterval(() => {
      sample();
      const usage = process.memoryUsage();
      most.heapTotal = Math.max(most.heapTotal, usage.heapTotal);
      most.buffers = Math.max(most.buffers, usage.arrayBuffers);
      most.newSpace = Math.max(most.newSpace, spaceSize('new_space'));
    }, 50);
    const key = randomBytes(32);
    const blobId = randomUUID();
    const context = { tenantId, scope: 'case', scopeId: randomUUID(), documentId: blobId, version: 1 };
    const inputHash = createHash('sha256');
    const outputHash = createHash('sha256');

    const writeStart = performance.now();
    const { bytes } = await store.put(
      tenantId,
      blobId,
      encryptStream(generate(size, inputHash, sample), key, context),
    );
    const writeSeconds = (performance.now() - writeStart) / 1000;
    const writePeak = meter.peak();

    meter = rssMeter();
    const readStart = performance.now();
    let readBytes = 0;
    for await (const piece of decryptStream(store.get(tenantId, blobId), key, context)) {
      outputHash.update(piece);
      readBytes += piece.length;
      // decryptStream's output is the consumer's; this one is done with it.
      releaseBuffer(piece);
      sample();
    }
    const readSeconds = (performance.now() - readStart) / 1000;
    const readPeak = meter.peak();
    clearInterval(sampler);
    const deleteStart = performance.now();
    await store.delete(tenantId, blobId);
    const deleteSeconds = (performance.now() - deleteStart) / 1000;

    const mib = (value: number) => (value / MiB).toFixed(1);
    const growth = (value: number) => `+${mib(value - baseline.rss)} MiB`;
    const peakGrowth = Math.max(writePeak, readPeak) - baseline.rss;
    // The target is stated for 1 GiB; other sizes are judged against the same figure.
    const pass = peakGrowth < TARGET_MIB * MiB;
    const same = readBytes === size && inputHash.digest('hex') === outputHash.digest('hex');
    console.log(
      `${name.padEnd(10)} ${(size / MiB).toFixed(0)} MiB  ` +
        `write ${(size / MiB / writeSeconds).toFixed(1).padStart(6)} MiB/s  ` +
        `read ${(size / MiB / readSeconds).toFixed(1).padStart(6)} MiB/s  ` +
        `delete ${deleteSeconds.toFixed(2)} s  ` +
        `peak RSS ${growth(Math.max(writePeak, readPeak))} (write ${growth(writePeak)}, read ${growth(readPeak)}; ` +
        `baseline ${(baseline.rss / MiB).toFixed(0)} MiB)  ` +
        `${pass ? 'PASS' : 'FAIL'} (target < ${TARGET_MIB} MiB)  ` +
        `sha256 ${same ? 'match' : 'MISMATCH'}`,
    );
    console.log(
      `${''.padEnd(10)} at most: V8 heap ${mib(most.heapTotal)} MiB (young generation ${mib(most.newSpace)}; ` +
        `${mib(baseline.heapTotal)} at the baseline), Buffers ${mib(most.buffers)} MiB ` +
        `(${mib(baseline.arrayBuffers)} at the baseline)` +
        (baseWasm.size ? wasmReport(baseWasm, wasm()) : '') +
        `; ciphertext ${mib(bytes)} MiB; peak RSS from ${meter.kernel ? 'the kernel (VmHWM)' : 'samples'}`,
    );
    if (!same || !pass) process.exitCode = 1;
  } finally {
    await close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (child) {
  await runOne(requested[0] as StoreName);
} else {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].filter(
    (flag) => flag !== '' && flag !== '--expose-gc',
  );
  console.log(
    `Node.js ${process.version}, ${availableParallelism()} cores, V8 flags: ${flags.join(' ') || 'none (defaults)'}; ` +
      `target: peak RSS growth < ${TARGET_MIB} MiB for a 1 GiB round trip`,
  );
  for (const name of requested) {
    if (!storeNames.includes(name as StoreName)) throw new Error(`unknown store "${name}"`);
    if (name === 'postgres' && !process.env.BENCH_DATABASE_URL) {
      console.log('postgres   skipped (set BENCH_DATABASE_URL to run it)');
      continue;
    }
    const result = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), String(size), name, '--child'],
      { stdio: 'inherit' },
    );
    if (result.status !== 0) process.exitCode = 1;
  }
}
