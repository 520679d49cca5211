import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { migrations } from '../db/migrations/index.ts';

const run = promisify(execFile);
const tmaBin = path.resolve(import.meta.dirname, 'tma.ts');

/** Runs the real `tma` command in a child process, as an operator would. */
async function tma(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [tmaBin, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('tma command', () => {
  const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tma-cli-')) };

  it('migrates, creates and lists tenants on the embedded database', async () => {
    expect(await tma(['migrate'], env)).toMatchObject({
      code: 0,
      stdout: `Applied: ${migrations.map((m) => m.name).join(', ')}\n`,
    });
    expect(await tma(['migrate'], env)).toMatchObject({
      code: 0,
      stdout: 'The database schema is up to date.\n',
    });
    const created = await tma(['tenant', 'create', 'acme', '--name', 'ACME Corp', '--json'], env);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ slug: 'acme', name: 'ACME Corp', status: 'active' });
    const listed = await tma(['tenant', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ slug: 'acme' })]);
    expect((await tma(['tenant', 'list'], env)).stdout).toMatch(
      /^acme\s+active\s+[0-9a-f-]{36}\s+ACME Corp\n$/,
    );
  }, 60_000);

  it('refuses a duplicate tenant with exit code 1 and says why', async () => {
    await tma(['tenant', 'create', 'dup', '--name', 'First'], env);
    expect(await tma(['tenant', 'create', 'dup', '--name', 'Second'], env)).toMatchObject({
      code: 1,
      stderr: 'tma: A tenant with the slug "dup" already exists.\n',
    });
  }, 60_000);

  it.each([
    [
      ['tenant', 'create', 'Not Valid', '--name', 'X'],
      /slug: must be 1–40 lower-case letters, digits or inner hyphens/,
    ],
    [['tenant', 'create', 'ok-slug'], /required option '--name <name>' not specified/],
    [['tenant', 'create', 'ok-slug', '--name', '  '], /must not be empty/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])(
    'exits 2 on bad arguments: %j',
    async (args, message) => {
      const result = await tma(args, env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    },
    60_000,
  );

  it('exits 2 with one line naming a bad setting', async () => {
    expect(await tma(['migrate'], { ...env, DATABASE_URL: 'mysql://db/x' })).toMatchObject({
      code: 2,
      stderr:
        'tma: configuration error: DATABASE_URL must start with postgres:// or postgresql:// (got mysql://)\n',
    });
  });

  it('explains itself with --help', async () => {
    const help = await tma(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: tma/);
    expect(help.stdout).toMatch(/migrate/);
    expect((await tma(['tenant', 'create', '--help'], env)).stdout).toMatch(/--name <name>/);
  });
});
