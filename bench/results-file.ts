// Where the benchmarks keep their results: bench/results/<date>-<short sha>[-<label>][-<n>].json (ignored by
// git), with the server logs beside it under the same base name, and the commit the run measured.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
export const resultsDir = path.join(here, 'results');

function git(...command: string[]): string {
  try {
    return execFileSync('git', command, {
      cwd: here,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

/** The commit of the working tree; `dirty` when tracked files differ from it. */
export function currentCommit(): { sha: string; short: string; dirty: boolean } {
  const sha = git('rev-parse', 'HEAD');
  return {
    sha,
    short: sha.slice(0, 7),
    dirty: git('--no-optional-locks', 'status', '--porcelain', '--untracked-files=no') !== '',
  };
}

/** A base name (without `.json`) for this run's files that no earlier run used. */
export function resultsBase(date: string, short: string, label?: string): string {
  mkdirSync(resultsDir, { recursive: true });
  const stem = `${date}-${short || 'nogit'}${label ? `-${label}` : ''}`;
  let base = path.join(resultsDir, stem);
  for (let n = 2; existsSync(`${base}.json`); n++) base = path.join(resultsDir, `${stem}-${n}`);
  return base;
}
