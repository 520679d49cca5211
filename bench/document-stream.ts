// Streaming document encryption through a blob store, end to end, with memory kept flat.
//   node --expose-gc bench/document-stream.ts [size=1GiB] [stores=filesystem,postgres,embedded]
// Generates `size` bytes of deterministic pseudo-random data piece by piece (never held whole), encrypts
// them with encryptStream, stores the ciphertext, reads and decrypts it back, and compares running SHA-256
// digests of input and output. RSS is sampled every 50 ms (and on every piece); the peak growth over the
// baseline taken after set-up is reported per store, each store in its own process so that one run's
// memory does not count against the next. `postgres` needs BENCH_DATABASE_URL (a scratch database is
// created and dropped there); `embedded` runs PGlite in a temporary data folder. Bounded by `size`.
import { spawnSync } from 'node:child_process';
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { DatabaseConfig } from '../server/config.ts';
import { decryptStream, encryptStream } from '../server/crypto/file-encryption.ts';
import { type Database, openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import type { BlobStore } from '../server/modules/documents/blob-store.ts';
import { createFilesystemBlobStore } from '../server/modules/documents/filesystem-blob-store.ts';
import { createPostgresBlobStore } from '../server/modules/documents/postgres-blob-store.ts';

const MiB = 1024 * 1024;
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
  }
}

async function openStore(
  name: StoreName,
  scratch: string,
): Promise<{
  store: BlobStore;
  tenantId: string;
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
  return {
    store: createPostgresBlobStore(database),
    tenantId: tenant.id,
    async close() {
      await database.close();
      await drop();
    },
  };
}

async function runOne(name: StoreName): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'tma-bench-docs-'));
  const { store, tenantId, close } = await openStore(name, scratch);
  try {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const sampler = setInterval(sample, 50);
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

    const writePeak = peak;
    peak = baseline;
    const readStart = performance.now();
    let readBytes = 0;
    for await (const piece of decryptStream(store.get(tenantId, blobId), key, context)) {
      outputHash.update(piece);
      readBytes += piece.length;
      sample();
    }
    const readSeconds = (performance.now() - readStart) / 1000;
    const deleteStart = performance.now();
    await store.delete(tenantId, blobId);
    const deleteSeconds = (performance.now() - deleteStart) / 1000;
    clearInterval(sampler);
    sample();
    const readPeak = peak;
    const growth = (value: number) => `+${((value - baseline) / MiB).toFixed(1)} MiB`;

    const same = readBytes === size && inputHash.digest('hex') === outputHash.digest('hex');
    console.log(
      `${name.padEnd(10)} ${(size / MiB).toFixed(0)} MiB  ` +
        `write ${(size / MiB / writeSeconds).toFixed(1).padStart(6)} MiB/s  ` +
        `read ${(size / MiB / readSeconds).toFixed(1).padStart(6)} MiB/s  ` +
        `delete ${deleteSeconds.toFixed(2)} s  ` +
        `peak RSS ${growth(Math.max(writePeak, readPeak))} (write ${growth(writePeak)}, read ${growth(readPeak)}; ` +
        `baseline ${(baseline / MiB).toFixed(0)} MiB)  ` +
        `ciphertext ${(bytes / MiB).toFixed(1)} MiB  sha256 ${same ? 'match' : 'MISMATCH'}`,
    );
    if (!same) process.exitCode = 1;
  } finally {
    await close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (child) {
  await runOne(requested[0] as StoreName);
} else {
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
