import { runCli } from '../../server/cli/tma.ts';

/** Runs a `tma` command line in this process (no child process), collecting its output lines. */
export async function tma(args: string[], env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line), env });
  return { code, out, err };
}
