// A TMA server for the benchmarks, in a child process of its own so that its memory is measured alone.
// Reads the same settings as `npm start` from the environment (bench/bench-database.ts, tmaEnv), answers
// `{ ready: url, startMs }` over IPC once it listens, and drains and exits on the message 'stop'.
// `{ profile: 'start' }` starts V8's CPU profiler in the server, `{ profile: 'stop', file }` writes what it
// sampled since to `file` (a .cpuprofile, as `node --cpu-prof` writes): one phase of a run, not its start-up.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../server/config.ts';
import { startServer } from '../server/main.ts';

const server = await startServer(loadConfig(process.env));
// From the process's start: module loading, the migration check, the key provider, listening.
process.send?.({ ready: server.url, startMs: Math.round(process.uptime() * 1000) });

let profiler: Session | undefined;

async function profile(request: { profile: string; file?: string; intervalUs?: number }): Promise<unknown> {
  if (request.profile === 'start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: request.intervalUs ?? 500 });
    await profiler.post('Profiler.start');
    return { profiling: true };
  }
  if (!profiler || !request.file) return { profiled: null };
  const { profile: sampled } = await profiler.post('Profiler.stop');
  profiler.disconnect();
  profiler = undefined;
  writeFileSync(request.file, JSON.stringify(sampled));
  return { profiled: request.file };
}

process.on('message', (message) => {
  if (typeof message === 'object' && message !== null && 'profile' in message) {
    profile(message as { profile: string; file?: string }).then(
      (answer) => process.send?.(answer),
      (error: unknown) => process.send?.({ error: String(error) }),
    );
    return;
  }
  if (message !== 'stop') return;
  server.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
