// A TMA server for bench/run.ts, in a child process of its own so that its memory is measured alone.
// Reads the same settings as `npm start` from the environment (bench/bench-database.ts, tmaEnv), answers
// `{ ready: url, startMs }` over IPC once it listens, and drains and exits on the message 'stop'.
import { loadConfig } from '../server/config.ts';
import { startServer } from '../server/main.ts';

const server = await startServer(loadConfig(process.env));
// From the process's start: module loading, the migration check, the key provider, listening.
process.send?.({ ready: server.url, startMs: Math.round(process.uptime() * 1000) });

process.on('message', (message) => {
  if (message !== 'stop') return;
  server.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
