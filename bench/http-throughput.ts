// Baseline HTTP throughput and latency of one instance on the embedded database, over loopback.
//   node bench/http-throughput.ts [seconds=10] [concurrency=16]
// Bounded in time, sends traffic only to 127.0.0.1. Prints requests/s and latency percentiles per path,
// and the process's CPU time per request (server and client share the process): on a busy machine the
// CPU time is the steadier figure for comparing builds or V8 flags.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/config.ts';
import { startServer } from '../server/main.ts';

const seconds = Number(process.argv[2] ?? 10);
const concurrency = Number(process.argv[3] ?? 16);
const paths = ['/healthz', '/readyz', '/api/v1/status'];

const dataDir = mkdtempSync(path.join(tmpdir(), 'tma-bench-'));
const server = await startServer(
  loadConfig({ PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: dataDir, TMA_RATE_LIMIT: '0' }),
);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

try {
  for (const urlPath of paths) {
    const latencies: number[] = [];
    let errors = 0;
    const cpuBefore = process.cpuUsage();
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const started = performance.now();
          const response = await fetch(`${server.url}${urlPath}`);
          await response.arrayBuffer();
          if (response.status !== 200) errors++;
          latencies.push(performance.now() - started);
        }
      }),
    );
    const cpu = process.cpuUsage(cpuBefore);
    latencies.sort((a, b) => a - b);
    console.log(
      `${urlPath.padEnd(16)} ${(latencies.length / seconds).toFixed(0).padStart(6)} req/s  ` +
        `p50 ${percentile(latencies, 50).toFixed(2)} ms  p99 ${percentile(latencies, 99).toFixed(2)} ms  ` +
        `cpu ${((cpu.user + cpu.system) / latencies.length).toFixed(0)} µs/req  ` +
        `errors ${errors}  (concurrency ${concurrency}, ${seconds} s)`,
    );
  }
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
