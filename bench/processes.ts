// The servers under test run as child processes, so that each one's memory can be read from the kernel:
// VmHWM in /proc/<pid>/status is the peak resident set size, and writing 5 to /proc/<pid>/clear_refs
// resets it (Linux ≥ 4.0), which gives each scenario its own peak.
import { fork } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';

export interface ServerProcess {
  name: string;
  pid: number;
  url: string;
  /** Spawn → listening, as the child measured it (process.uptime at listen). */
  startMs: number | null;
  /** Starts a new peak: the next peakRssMiB() reports the highest RSS from now on. */
  resetPeak(): void;
  peakRssMiB(): number | null;
  rssMiB(): number | null;
  /** Sends `message` and resolves with the child's next message (tma-server.ts answers profiling requests). */
  ask(message: object, timeoutMs?: number): Promise<unknown>;
  stop(): Promise<void>;
}

function statusField(pid: number, field: string): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Forks `script` with `env`, its output appended to `logFile`, and waits until it reports it listens. */
export async function startServerProcess(
  name: string,
  script: URL,
  env: Record<string, string | undefined>,
  logFile: string,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const log = openSync(logFile, 'a');
  const child = fork(script, [], { env, stdio: ['ignore', log, log, 'ipc'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} did not start`);
  const ready = await new Promise<{ ready: string; startMs?: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not report ready within ${timeoutMs / 1000} s (see ${logFile})`));
    }, timeoutMs);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as { ready: string; startMs?: number });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready (see ${logFile})`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    pid,
    url: ready.ready,
    startMs: ready.startMs ?? null,
    resetPeak() {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        // Not Linux, or not allowed: the peak then covers the process's whole life.
      }
    },
    peakRssMiB: () => statusField(pid, 'VmHWM'),
    rssMiB: () => statusField(pid, 'VmRSS'),
    ask(message, askTimeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const answered = (answer: unknown) => {
          clearTimeout(timer);
          resolve(answer);
        };
        const timer = setTimeout(() => {
          child.off('message', answered);
          reject(new Error(`${name} did not answer ${JSON.stringify(message)} (see ${logFile})`));
        }, askTimeoutMs);
        child.once('message', answered);
        child.send(message);
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.send('stop');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
