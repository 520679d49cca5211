// A PostgreSQL cluster of a test's own: initdb into a temporary folder, a free port on 127.0.0.1, trust
// authentication, and pg_ctl to restart or stop it. Tests that end the database's connections use it, so
// the shared test server is never disturbed.
import { execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The bin folder of the newest PostgreSQL installed the Debian way, or undefined if there is none. */
export function findPostgresBin(root = '/usr/lib/postgresql'): string | undefined {
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  return versions
    .map((version) => path.join(root, version, 'bin'))
    .find((bin) => existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl')));
}

// 'smart' is left out: it waits for every client to leave, and a connection pool never does.
export type ShutdownMode = 'fast' | 'immediate';

export interface PostgresCluster {
  /** Superuser URL over TCP on 127.0.0.1 (trust authentication, user `postgres`). */
  url: string;
  /** pg_ctl restart: stops in `mode`, starts again, and waits until it accepts connections. */
  restart(mode: ShutdownMode): Promise<void>;
  /** Stops the server (immediately) and removes the folder; safe to call twice. */
  destroy(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function osUser(name: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * initdb and starts a cluster in a new temporary folder. initdb refuses to run as root, so as root the
 * cluster belongs to the `postgres` OS user and every pg_ctl runs as that user through runuser.
 */
export async function startPostgresCluster(bin: string): Promise<PostgresCluster> {
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await osUser('postgres') : undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'tma-pg-'));
  chmodSync(dir, 0o700);
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const port = await freePort();
  // Output goes to a file, not a pipe: the server pg_ctl starts inherits it and outlives pg_ctl.
  const tool = (name: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const command = asRoot ? 'runuser' : path.join(bin, name);
      const fd = openSync(log, 'a');
      const child = spawn(command, asRoot ? ['-u', 'postgres', '--', path.join(bin, name), ...args] : args, {
        stdio: ['ignore', fd, fd],
      });
      closeSync(fd);
      child.once('error', reject);
      child.once('exit', (code) => {
        if (code === 0) return resolve();
        const tail = readFileSync(log, 'utf8').split('\n').slice(-15).join('\n');
        reject(new Error(`${name} ${args.join(' ')} exited with ${code}:\n${tail}`));
      });
    });
  const pgCtl = (args: string[]) => tool('pg_ctl', ['-D', data, '-w', '-t', '60', ...args]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`;

  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    if (existsSync(path.join(data, 'postmaster.pid')))
      await pgCtl(['-m', 'immediate', 'stop']).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await pgCtl(['-o', options, 'start']);
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart(mode) {
      await pgCtl(['-m', mode, 'restart']);
    },
    destroy,
  };
}
