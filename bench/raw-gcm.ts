// Raw AES-256-GCM speed, the reference of bench/document-http.ts: 64 KiB chunks, each with a cipher of its
// own nonce, the file's associated data and its tag, as file-encryption.ts seals and opens them, without
// I/O and without TMA's own copying. Best of three passes after an unmeasured one.
//
// The figure depends on the heap of the process that measures it: every chunk's output is a new Buffer,
// V8 collects after about 64 MiB of them, and a collection costs more in a larger heap (on the development
// machine 1 800 MiB/s sealing in a fresh process, 1 100 in one that has loaded TMA's modules). So
// document-http.ts measures it in a fresh child process (this file, forked), and in its own process too.
//   node bench/raw-gcm.ts [bytes]   prints { sealMiBs, openMiBs, heapMiB }
import { fork } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { decryptStream, encryptStream } from '../server/crypto/file-encryption.ts';
import { documentText } from './document-traffic.ts';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;
// The header (80 bytes) and a context of two UUIDs, a scope, a version and their lengths.
const AAD_BYTES = 176;

export interface GcmSpeed {
  sealMiBs: number;
  openMiBs: number;
  /** The measuring process's V8 heap in use afterwards. */
  heapMiB: number;
}

function nonce(index: number): Buffer {
  const value = Buffer.alloc(12);
  value.writeUInt32BE(index, 7);
  return value;
}

function pass(bytes: number): { seal: number; open: number } {
  const key = randomBytes(32);
  const aad = randomBytes(AAD_BYTES);
  const plaintext = randomBytes(CHUNK);
  const chunks = Math.ceil(bytes / CHUNK);
  let started = performance.now();
  let sealed = Buffer.alloc(0);
  let tag = Buffer.alloc(0);
  for (let index = 0; index < chunks; index++) {
    const cipher = createCipheriv('aes-256-gcm', key, nonce(index));
    cipher.setAAD(aad);
    const body = cipher.update(plaintext);
    cipher.final();
    const chunkTag = cipher.getAuthTag();
    if (index === 0) [sealed, tag] = [body, chunkTag];
  }
  const seal = (chunks * CHUNK) / MiB / ((performance.now() - started) / 1000);
  // Opening the first chunk again and again, its tag checked each time.
  started = performance.now();
  for (let index = 0; index < chunks; index++) {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(0));
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    decipher.update(sealed);
    decipher.final();
  }
  const open = (chunks * CHUNK) / MiB / ((performance.now() - started) / 1000);
  return { seal, open };
}

/** Raw AES-256-GCM over `bytes` in this process: the best of three passes after a shorter unmeasured one. */
export function rawGcm(bytes: number): GcmSpeed {
  pass(Math.min(bytes, 64 * MiB));
  const passes = [pass(bytes), pass(bytes), pass(bytes)];
  return {
    sealMiBs: Math.max(...passes.map((p) => p.seal)),
    openMiBs: Math.max(...passes.map((p) => p.open)),
    heapMiB: process.memoryUsage().heapUsed / MiB,
  };
}

/** The same in a fresh Node process (this file, forked): the cipher's speed without a loaded heap's GC. */
export function rawGcmInFreshProcess(bytes: number): Promise<GcmSpeed> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(import.meta.url), [String(bytes)], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    child.once('message', (message) => resolve(message as GcmSpeed));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`raw-gcm.ts exited with ${code}`));
    });
  });
}

/**
 * TMA's encryptStream over `bytes` of documentText and decryptStream over (up to 64 MiB of) the result, in
 * this process: what the crypto code costs with its cutting, copying and per-chunk ciphers, but no I/O.
 */
export async function tmaStreamCrypto(bytes: number): Promise<{ sealMiBs: number; openMiBs: number }> {
  const key = randomBytes(32);
  const context = { tenantId: 't', scope: 'case', scopeId: 'c', documentId: 'd', version: 1 };
  async function* text() {
    yield* documentText(bytes);
  }
  let started = performance.now();
  const sealed: Buffer[] = [];
  let kept = 0;
  for await (const piece of encryptStream(text(), key, context))
    if (kept < 64 * MiB) {
      sealed.push(piece);
      kept += piece.length;
    }
  const sealMiBs = bytes / MiB / ((performance.now() - started) / 1000);
  started = performance.now();
  let opened = 0;
  async function* kept64() {
    yield* sealed;
  }
  try {
    for await (const piece of decryptStream(kept64(), key, context)) opened += piece.length;
  } catch {
    // What was kept of a longer file has no final chunk: it verifies up to there, which is what is timed.
  }
  return { sealMiBs, openMiBs: opened / MiB / ((performance.now() - started) / 1000) };
}

if (import.meta.main) {
  const speed = rawGcm(Number(process.argv[2] ?? 1024 * MiB));
  if (process.send) process.send(speed, () => process.exit(0));
  else console.log(speed);
}
