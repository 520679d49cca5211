// Who used the machine's CPU during a phase of a benchmark: the server child, PostgreSQL's processes (its
// backends, WAL writer, checkpointer), the benchmark itself, and the machine as a whole, read from /proc
// (Linux). On a 2-core machine this tells whether a phase was bound by one process's single thread, by
// both cores, or by waiting (disk).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface CpuSnapshot {
  at: number;
  /** CPU seconds so far: the server under test (a child process), PostgreSQL's processes, the bench. */
  server: number;
  postgres: number;
  bench: number;
  machine: { busy: number; idle: number; iowait: number };
}

/** CPU use over a phase: seconds of CPU, and the same as cores busy on average. */
export interface CpuUse {
  seconds: number;
  server: { seconds: number; cores: number };
  postgres: { seconds: number; cores: number };
  bench: { seconds: number; cores: number };
  /** Everything the machine did (other processes included), and time waiting for the disk. */
  machine: { cores: number; iowaitCores: number };
  /** What other processes used: the machine's busy cores less the server, PostgreSQL and the bench. */
  othersCores: number;
}

/** utime + stime of a process in seconds, and its command name. */
function processCpu(pid: string): { comm: string; seconds: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return {
      comm: stat.slice(stat.indexOf('(') + 1, close),
      seconds: (Number(fields[11]) + Number(fields[12])) / TICKS,
    };
  } catch {
    return null;
  }
}

export function cpuSnapshot(serverPid: number): CpuSnapshot {
  let postgres = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cpu = processCpu(pid);
    if (cpu?.comm === 'postgres') postgres += cpu.seconds;
  }
  const [user, nice, system, idle, iowait, irq, softirq, steal] = (
    readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  )
    .split(/\s+/)
    .slice(1)
    .map(Number) as number[];
  const { user: benchUser, system: benchSystem } = process.cpuUsage();
  return {
    at: performance.now(),
    server: processCpu(String(serverPid))?.seconds ?? 0,
    postgres,
    bench: (benchUser + benchSystem) / 1e6,
    machine: {
      busy: ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS,
      idle: (idle ?? 0) / TICKS,
      iowait: (iowait ?? 0) / TICKS,
    },
  };
}

export function cpuUse(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  const seconds = (after.at - before.at) / 1000;
  const share = (used: number) => ({
    seconds: Number(used.toFixed(2)),
    cores: Number((used / seconds).toFixed(2)),
  });
  const ours = after.server - before.server + after.postgres - before.postgres + after.bench - before.bench;
  const busy = after.machine.busy - before.machine.busy;
  return {
    othersCores: Number((Math.max(0, busy - ours) / seconds).toFixed(2)),
    seconds: Number(seconds.toFixed(2)),
    server: share(after.server - before.server),
    postgres: share(after.postgres - before.postgres),
    bench: share(after.bench - before.bench),
    machine: {
      cores: Number(((after.machine.busy - before.machine.busy) / seconds).toFixed(2)),
      iowaitCores: Number(((after.machine.iowait - before.machine.iowait) / seconds).toFixed(2)),
    },
  };
}

/** `TMA 0.98, PostgreSQL 0.61, bench 0.20 of 1.85 cores busy (others 0.06, iowait 0.02)`. */
export function describeCpuUse(use: CpuUse, server = 'TMA'): string {
  return (
    `${server} ${use.server.cores.toFixed(2)}, PostgreSQL ${use.postgres.cores.toFixed(2)}, ` +
    `bench ${use.bench.cores.toFixed(2)} of ${use.machine.cores.toFixed(2)} cores busy ` +
    `(others ${use.othersCores.toFixed(2)}, iowait ${use.machine.iowaitCores.toFixed(2)})`
  );
}
