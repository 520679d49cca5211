import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import { openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { runCli } from '../tma.ts';

async function tma(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line), env });
  return { code, out, err };
}

describe('tma keys', () => {
  it('rotates a tenant key with progress, re-wrapping its data keys, and shows the key status', async () => {
    const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tma-keys-')) };
    expect((await tma(['tenant', 'create', 'acme', '--name', 'ACME', '--json'], env)).code).toBe(0);

    // Seven cases get data keys, as the server would create them.
    const config = loadConfig(env);
    const database = await openDatabase(config.database);
    const provider = await createKeyProvider(config.keyProvider, pino({ level: 'silent' }));
    try {
      const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
      const keys = await new Keyring(database, provider).forTenant(tenant.id);
      await withTenant(database, { tenantId: tenant.id, userId: null }, async (trx) => {
        for (let i = 0; i < 7; i++) await keys.scope(trx, 'case', randomUUID());
      });
    } finally {
      await provider.close();
      await database.close();
    }

    const rotated = await tma(['keys', 'rotate', '--tenant', 'acme', '--batch-size', '3'], env);
    expect(rotated.code, rotated.err.join('\n')).toBe(0);
    expect(rotated.out).toContain('re-wrapping data keys under version 2: 0/7 (0 %)');
    expect(rotated.out).toContain('re-wrapping data keys under version 2: 7/7 (100 %)');
    expect(rotated.out.at(-1)).toBe(
      'Rotated: acme now uses tenant key version 2; 7 data keys re-wrapped, older versions retired.',
    );

    const status = await tma(['keys', 'status', '--tenant', 'acme'], env);
    expect(status.out).toHaveLength(2);
    expect(status.out[0]).toMatch(/^acme v1 {2}retired {2}local local:[0-9a-f]{16} .* wraps 0 data keys$/);
    expect(status.out[1]).toMatch(/^acme v2 {2}active {3}local local:[0-9a-f]{16} .* wraps 7 data keys$/);
  }, 60_000);

  it('exits 2 for an unknown tenant or a bad batch size', async () => {
    const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tma-keys-')) };
    expect(await tma(['keys', 'rotate', '--tenant', 'nobody'], env)).toMatchObject({
      code: 2,
      err: ['tma: No tenant with the slug "nobody".'],
    });
    const bad = await tma(['keys', 'rotate', '--tenant', 'x', '--batch-size', '0'], env);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toMatch(/must be a whole number from 1 to 10000/);
  }, 60_000);
});
