import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  /** stdout lines (JSON logs) and stderr lines, as they arrive. */
  stdout: string[];
  stderr: string[];
  /** Resolves with the base URL once the server logs that it listens; rejects if it exits first. */
  listening: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node <script>` (the real server by default) with only the given environment, on a free port. */
export function spawnServer(env: Record<string, string>, script = 'server/main.ts'): ServerProcess {
  const child = spawn(process.execPath, [path.join(root, script)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let onUrl: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve, reject) => {
    onUrl = resolve;
    child.once('exit', (code) =>
      reject(
        new Error(`server exited with ${code} before listening: ${stderr.join('\n')}${stdout.join('\n')}`),
      ),
    );
  });
  listening.catch(() => {});
  const collect = (stream: NodeJS.ReadableStream, lines: string[]) => {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += String(chunk);
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const url = /"url":"(https?:\/\/[^"]+)".*TMA is listening/.exec(line)?.[1];
        if (url) onUrl(url);
      }
    });
  };
  collect(child.stdout as NodeJS.ReadableStream, stdout);
  collect(child.stderr as NodeJS.ReadableStream, stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, stdout, stderr, listening, exited };
}

/** Polls `url` until it answers 200 or the time is up. */
export async function waitForOk(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not accepting connections yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
